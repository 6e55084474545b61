package io.lodestone.connectors.postgres;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The table one kind of Lodestone record is written to, and the columns its primary key is made of:
 * a route's totals of one day ({@code route_volumes}), an alert ({@code alerts}), a case ({@code
 * cases}). Columns are the record's fields in snake case.
 */
public record SinkTable(String recordName, String table, List<String> keyFields) {

    private static final Map<String, SinkTable> BY_RECORD =
            Map.of(
                    "io.lodestone.avro.RouteVolume",
                            new SinkTable(
                                    "io.lodestone.avro.RouteVolume",
                                    "route_volumes",
                                    List.of(
                                            "commodity",
                                            "originCountry",
                                            "exportCountry",
                                            "importCountry",
                                            "windowStart")),
                    "io.lodestone.avro.Alert",
                            new SinkTable("io.lodestone.avro.Alert", "alerts", List.of("alertId")),
                    "io.lodestone.avro.Case",
                            new SinkTable("io.lodestone.avro.Case", "cases", List.of("caseId")));

    /** The table for records of a Connect value schema, by its (Avro) record name. */
    public static Optional<SinkTable> forSchema(Schema schema) {
        return schema == null || schema.name() == null
                ? Optional.empty()
                : Optional.ofNullable(BY_RECORD.get(schema.name()));
    }

    /** The record names this sink knows, for error messages. */
    public static List<String> knownRecords() {
        return BY_RECORD.keySet().stream().sorted().toList();
    }

    /** {@code windowStart} → {@code window_start}. */
    public static String column(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /**
     * The PostgreSQL type a field of this Connect schema is stored as; lists, maps and records as
     * {@code jsonb}.
     */
    public static String sqlType(Schema schema) {
        if (Timestamp.LOGICAL_NAME.equals(schema.name())) {
            return "timestamptz";
        }
        return switch (schema.type()) {
            case STRING -> "text";
            case INT8, INT16 -> "smallint";
            case INT32 -> "integer";
            case INT64 -> "bigint";
            case FLOAT32 -> "real";
            case FLOAT64 -> "double precision";
            case BOOLEAN -> "boolean";
            case BYTES -> "bytea";
            case ARRAY, MAP, STRUCT -> "jsonb";
        };
    }

    public boolean isKey(Field field) {
        return keyFields.contains(field.name());
    }
}
