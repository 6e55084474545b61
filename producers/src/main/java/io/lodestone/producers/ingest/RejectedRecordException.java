package io.lodestone.producers.ingest;

/** A JSON line that does not satisfy the event contract; the message is the reason shown to the user. */
public final class RejectedRecordException extends RuntimeException {
    public RejectedRecordException(String reason) {
        super(reason, null, false, false); // no stack trace: this is an expected, per-line outcome
    }
}
