package io.lodestone.schemas.dlq;

/**
 * Why a record was rejected: the value of the {@link DlqHeaders#REASON} header on a dead-letter
 * record, and the code {@code lodestone ingest} prints for a rejected line. One vocabulary for
 * every rejecter: the lines of a declaration file (file ingest and the source connector), the
 * stream app's input topics, and analysts' case decisions.
 */
public enum DlqReason {

    // A line of a declaration file (lodestone ingest, the source connector).

    /** The line's bytes are not UTF-8. */
    NOT_UTF8,
    /** The line is longer than one Kafka record may be. */
    RECORD_TOO_LARGE,
    /** Not a JSON object (JSON Lines). */
    NOT_JSON,
    /** Not a CSV row that fits the header (CSV). */
    NOT_CSV,
    /** A field the contract does not have. */
    UNKNOWN_FIELD,
    /** A field of the wrong type or out of range. */
    INVALID_FIELD,

    // A line or a record.

    /** A required field is missing or empty. */
    MISSING_FIELD,

    // A record on an input topic of the stream app.

    /** The bytes are not Confluent-framed Avro the registry can resolve to the topic's schema. */
    INVALID_AVRO,
    /** A tombstone or otherwise empty value. */
    MISSING_VALUE,
    /** The record key is not the event's id, so de-duplication and joins could not see it. */
    KEY_MISMATCH,
    /** The event time is more than a day past the wall clock. */
    EVENT_TIME_IN_FUTURE,
    /** The event time is before 1970-01-01 (a negative timestamp, which Kafka cannot carry). */
    EVENT_TIME_BEFORE_1970,
    /** A country field holds a code that is not ISO-3166 alpha-2. */
    UNKNOWN_COUNTRY,
    /** Net weight is zero, negative or not a number. */
    INVALID_WEIGHT,
    /** Customs value is negative or not a number. */
    INVALID_VALUE,
    /** The HS code is not 4 to 10 digits. */
    INVALID_HS_CODE,
    /** No catalogue prefix matches the HS code: not a commodity Lodestone watches. */
    HS_CODE_NOT_IN_CATALOGUE,
    /**
     * A declaration no trade can make: its net weight is above its commodity's limit ({@code
     * declaration.limits.file}). The detail names the limit.
     */
    IMPLAUSIBLE_DECLARATION,
    /**
     * A shipment that arrived after its day's window had closed (window end + {@code
     * window.grace}): the detail says which window and how late.
     */
    TOO_LATE,
    /**
     * A shipment id seen before with other content and no higher {@code revision}: an amendment
     * that does not say so, or a tampered re-send. The detail lists the fields that differ.
     */
    CONFLICTING_DUPLICATE,
    /**
     * A shipment whose {@code revision} is below the one counted for its id: an amendment already
     * replaced it (they arrived out of order). The detail names both revisions.
     */
    SUPERSEDED_REVISION,
    /** A shipment {@code revision} below 1. */
    INVALID_REVISION,
    /** A licence whose validTo is not after its validFrom. */
    INVALID_VALIDITY,
    /** A licence that covers no HS code. */
    EMPTY_HS_LIST,
    /**
     * A licence revision below 1, a quantity limit not above 0, or an end use that does not exist.
     */
    INVALID_LICENSE_TERMS,

    // An analyst's decision about a case.

    /**
     * A decision about a case Lodestone has not opened (a mistyped id, or a decision that came
     * before any alert).
     */
    UNKNOWN_CASE,
    /**
     * A decision that cannot apply: no one named as deciding, a suppression without an end after
     * its time or a reason, a close without a reason.
     */
    INVALID_DECISION,

    // Anything.

    /**
     * Processing failed for a reason that is not the record's content (a bug: see the stack trace
     * header).
     */
    PROCESSING_ERROR
}
