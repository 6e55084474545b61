package io.lodestone.declarations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lodestone.schemas.dlq.DlqReason;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.avro.Schema;

/**
 * Typed, validating access to the fields of one JSON object. Every failure is a {@link
 * RejectedRecordException} whose message names the field and what was wrong with it.
 */
final class JsonFields {

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern HS_CODE = Pattern.compile("\\d{4,10}");

    private final ObjectNode node;

    /** The field names of an Avro record schema: the names a JSON line may use. */
    static Set<String> namesOf(Schema schema) {
        return Set.copyOf(schema.getFields().stream().map(Schema.Field::name).toList());
    }

    JsonFields(ObjectNode node, Set<String> knownFields) {
        this.node = node;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!knownFields.contains(name)) {
                throw new RejectedRecordException(
                        DlqReason.UNKNOWN_FIELD,
                        "unknown field '"
                                + name
                                + "' (the contract's fields are "
                                + knownFields
                                + ")");
            }
        }
    }

    String requiredString(String name) {
        String value = optionalString(name);
        if (value == null) {
            throw missing(name);
        }
        return value;
    }

    /** A string, or null when absent, JSON null or blank. */
    String optionalString(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new RejectedRecordException(
                    DlqReason.INVALID_FIELD, name + " must be a string, got " + value);
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    Instant requiredInstant(String name) {
        String text = requiredString(name);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new RejectedRecordException(
                    DlqReason.INVALID_FIELD,
                    name
                            + " must be an ISO-8601 instant such as 2025-03-01T08:00:00Z, got '"
                            + text
                            + "'");
        }
    }

    String requiredCountry(String name) {
        return country(name, requiredString(name));
    }

    List<String> countryList(String name, boolean required) {
        List<String> values = stringList(name, required);
        values.replaceAll(value -> country(name, value));
        return values;
    }

    /** Digits only: dots and spaces are separators people write, not part of the code. */
    String requiredHsCode(String name) {
        return hsCode(name, requiredString(name));
    }

    List<String> hsCodeList(String name) {
        List<String> values = stringList(name, true);
        if (values.isEmpty()) {
            throw new RejectedRecordException(
                    DlqReason.INVALID_FIELD, name + " must list at least one HS code");
        }
        values.replaceAll(value -> hsCode(name, value));
        return values;
    }

    double requiredPositive(String name) {
        Double value = optionalNumber(name);
        if (value == null) {
            throw missing(name);
        }
        if (!(value > 0)) {
            throw new RejectedRecordException(
                    DlqReason.INVALID_FIELD,
                    name + " must be greater than 0, got " + node.get(name));
        }
        return value;
    }

    Double optionalNonNegative(String name) {
        Double value = optionalNumber(name);
        if (value != null && !(value >= 0)) {
            throw new RejectedRecordException(
                    DlqReason.INVALID_FIELD, name + " must be 0 or more, got " + node.get(name));
        }
        return value;
    }

    Double optionalPositive(String name) {
        Double value = optionalNumber(name);
        if (value != null && !(value > 0)) {
            throw new RejectedRecordException(
                    DlqReason.INVALID_FIELD,
                    name + " must be greater than 0, got " + node.get(name));
        }
        return value;
    }

    int requiredPositiveInt(String name) {
        Integer value = optionalPositiveInt(name);
        if (value == null) {
            throw missing(name);
        }
        return value;
    }

    /** A whole number of at least 1, or null when absent. */
    Integer optionalPositiveInt(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 1) {
            throw new RejectedRecordException(
                    DlqReason.INVALID_FIELD,
                    name + " must be a whole number of at least 1, got " + value);
        }
        return value.intValue();
    }

    <E extends Enum<E>> E requiredEnum(String name, Class<E> type) {
        String text = requiredString(name);
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RejectedRecordException(
                    DlqReason.INVALID_FIELD,
                    name
                            + " must be one of "
                            + List.of(type.getEnumConstants())
                            + ", got '"
                            + text
                            + "'");
        }
    }

    /** An optional list of enum constant names (case-insensitive), returned upper case. */
    <E extends Enum<E>> List<String> enumNameList(String name, Class<E> type) {
        List<String> values = stringList(name, false);
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i).toUpperCase(Locale.ROOT);
            if (java.util.Arrays.stream(type.getEnumConstants())
                    .noneMatch(e -> e.name().equals(value))) {
                throw new RejectedRecordException(
                        DlqReason.INVALID_FIELD,
                        name
                                + " must contain only "
                                + List.of(type.getEnumConstants())
                                + ", got '"
                                + values.get(i)
                                + "'");
            }
            values.set(i, value);
        }
        return values;
    }

    /** Absent or null lists are empty unless required. */
    List<String> stringList(String name, boolean required) {
        JsonNode value = node.get(name);
        List<String> result = new ArrayList<>();
        if (value == null || value.isNull()) {
            if (required) {
                throw missing(name);
            }
            return result;
        }
        if (!value.isArray()) {
            throw new RejectedRecordException(
                    DlqReason.INVALID_FIELD, name + " must be an array of strings, got " + value);
        }
        for (JsonNode element : value) {
            if (!element.isTextual() || element.asText().isBlank()) {
                throw new RejectedRecordException(
                        DlqReason.INVALID_FIELD,
                        name + " must contain only non-empty strings, got " + element);
            }
            result.add(element.asText().trim());
        }
        return result;
    }

    private Double optionalNumber(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new RejectedRecordException(
                    DlqReason.INVALID_FIELD, name + " must be a number, got " + value);
        }
        return value.doubleValue();
    }

    private static String country(String name, String value) {
        String code = value.toUpperCase(Locale.ROOT);
        if (!COUNTRY.matcher(code).matches()) {
            throw new RejectedRecordException(
                    DlqReason.INVALID_FIELD,
                    name + " must be an ISO-3166 alpha-2 country code, got '" + value + "'");
        }
        return code;
    }

    private static String hsCode(String name, String value) {
        String digits = value.replace(".", "").replace(" ", "");
        if (!HS_CODE.matcher(digits).matches()) {
            throw new RejectedRecordException(
                    DlqReason.INVALID_FIELD,
                    name + " must be 4 to 10 digits (dots allowed), got '" + value + "'");
        }
        return digits;
    }

    private static RejectedRecordException missing(String name) {
        return new RejectedRecordException(
                DlqReason.MISSING_FIELD, "missing required field " + name);
    }
}
