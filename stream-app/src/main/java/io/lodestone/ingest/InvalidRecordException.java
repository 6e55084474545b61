package io.lodestone.ingest;

/** A record whose content breaks the contract; the DLQ handler sends it to the DLQ with its reason. */
public final class InvalidRecordException extends RuntimeException {

    private final RejectReason reason;

    public InvalidRecordException(RejectReason reason, String detail) {
        super(reason + ": " + detail, null, false, false); // expected outcome, no stack trace needed
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
