package io.lodestone.ingest;

import io.lodestone.schemas.dlq.DlqReason;

/**
 * A record whose content breaks the contract; the DLQ handler sends it to the DLQ with its reason.
 */
public final class InvalidRecordException extends RuntimeException {

    private final DlqReason reason;

    public InvalidRecordException(DlqReason reason, String detail) {
        super(
                reason + ": " + detail,
                null,
                false,
                false); // expected outcome, no stack trace needed
        this.reason = reason;
    }

    public DlqReason reason() {
        return reason;
    }
}
