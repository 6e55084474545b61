package io.lodestone.declarations;

/**
 * A line that is not a valid event: a reason code (the same for {@code lodestone ingest} and the source connector)
 * and a sentence for the user. The message is {@code CODE: sentence}.
 */
public final class RejectedRecordException extends RuntimeException {

    /** Why a line was rejected. */
    public enum Code {
        /** The line's bytes are not UTF-8. */
        NOT_UTF8,
        /** The line is longer than one Kafka record may be. */
        RECORD_TOO_LARGE,
        /** Not a JSON object (JSON Lines). */
        NOT_JSON,
        /** Not a CSV row that fits the header (CSV). */
        NOT_CSV,
        /** A required field is missing or empty. */
        MISSING_FIELD,
        /** A field the contract does not have. */
        UNKNOWN_FIELD,
        /** A field of the wrong type or out of range. */
        INVALID_FIELD
    }

    private final Code code;
    private final String detail;

    public RejectedRecordException(Code code, String detail) {
        super(code + ": " + detail, null, false, false); // no stack trace: this is an expected, per-line outcome
        this.code = code;
        this.detail = detail;
    }

    public Code code() {
        return code;
    }

    /** The sentence without the code. */
    public String detail() {
        return detail;
    }
}
