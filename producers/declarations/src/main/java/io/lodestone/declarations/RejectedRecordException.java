package io.lodestone.declarations;

import io.lodestone.schemas.dlq.DlqReason;

/**
 * A line that is not a valid event: a reason code (the same for {@code lodestone ingest} and the
 * source connector) and a sentence for the user. The message is {@code CODE: sentence}.
 */
public final class RejectedRecordException extends RuntimeException {

    private final DlqReason code;
    private final String detail;

    public RejectedRecordException(DlqReason code, String detail) {
        super(
                code + ": " + detail,
                null,
                false,
                false); // no stack trace: this is an expected, per-line outcome
        this.code = code;
        this.detail = detail;
    }

    public DlqReason code() {
        return code;
    }

    /** The sentence without the code. */
    public String detail() {
        return detail;
    }
}
