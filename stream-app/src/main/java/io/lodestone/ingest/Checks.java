package io.lodestone.ingest;

import io.lodestone.reference.Countries;
import io.lodestone.schemas.dlq.DlqReason;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Content checks shared by the validators; each failure is an {@link InvalidRecordException} with
 * its reason.
 */
public final class Checks {

    private static final Pattern HS_CODE = Pattern.compile("\\d{4,10}");

    private Checks() {}

    public static void required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRecordException(
                    DlqReason.MISSING_FIELD, "required field " + field + " is empty");
        }
    }

    public static void keyIsId(String key, String idField, String id) {
        required(idField, id);
        if (!id.equals(key)) {
            throw new InvalidRecordException(
                    DlqReason.KEY_MISMATCH,
                    "key '" + key + "' is not the " + idField + " '" + id + "'");
        }
    }

    public static void country(String field, String code) {
        if (!Countries.isKnown(code)) {
            throw new InvalidRecordException(
                    DlqReason.UNKNOWN_COUNTRY,
                    field + " '" + code + "' is not an ISO-3166 alpha-2 country code");
        }
    }

    public static void hsCode(String field, String code) {
        if (code == null || !HS_CODE.matcher(code).matches()) {
            throw new InvalidRecordException(
                    DlqReason.INVALID_HS_CODE,
                    field + " must be 4 to 10 digits, got '" + code + "'");
        }
    }

    /** An event time Lodestone can use: not more than a day in the future, not before 1970. */
    public static void usableEventTime(Instant eventTime) {
        if (EventTimeExtractor.isInTheFuture(eventTime)) {
            throw new InvalidRecordException(
                    DlqReason.EVENT_TIME_IN_FUTURE,
                    "eventTime "
                            + eventTime
                            + " is more than "
                            + EventTimeExtractor.MAX_FUTURE.toHours()
                            + " h in the future");
        }
        if (EventTimeExtractor.isBefore1970(eventTime)) {
            throw new InvalidRecordException(
                    DlqReason.EVENT_TIME_BEFORE_1970,
                    "eventTime "
                            + eventTime
                            + " is before 1970-01-01, which a Kafka timestamp cannot carry");
        }
    }

    public static void present(Object value, String key) {
        if (value == null) {
            throw new InvalidRecordException(
                    DlqReason.MISSING_VALUE, "record with key '" + key + "' has no value");
        }
    }
}
