package io.lodestone.connectors.files;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * How the columns of a CSV declaration file map to the contract's fields: which column holds each
 * field (a field not mapped is read from the column of its own name), the unit of the weights
 * ({@code kg} or {@code t}), and the characters to remove from HS codes (a customs broker's {@code
 * 8110.10.00}). A mapping file is a properties file:
 *
 * <pre>
 * field.shipmentId = Declaration No
 * field.netWeightKg = Net Mass (t)
 * weight.unit = t
 * hsCode.remove = .
 * </pre>
 */
public record ColumnMapping(Map<String, String> columns, double weightFactor, String hsCodeRemove) {

    /** The fields that hold a weight in kilograms, converted from {@code weight.unit}. */
    static final Set<String> WEIGHT_FIELDS = Set.of("netWeightKg", "quantityLimitKg");

    /**
     * The contract's own layout: columns named as the fields, weights in kilograms, HS codes as
     * digits.
     */
    public static ColumnMapping contract() {
        return new ColumnMapping(Map.of(), 1.0, "");
    }

    /**
     * A mapping file (see above); an unknown key or unit is refused, naming the file and the key.
     */
    public static ColumnMapping load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the column mapping " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> columns = new TreeMap<>();
        double factor = 1.0;
        String remove = "";
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).trim();
            if (key.startsWith("field.")) {
                columns.put(key.substring("field.".length()), value);
            } else if (key.equals("weight.unit")) {
                factor =
                        switch (value) {
                            case "kg" -> 1.0;
                            case "t" -> 1_000.0;
                            default ->
                                    throw new IllegalArgumentException(
                                            "weight.unit in "
                                                    + file
                                                    + " must be kg or t, got '"
                                                    + value
                                                    + "'");
                        };
            } else if (key.equals("hsCode.remove")) {
                remove = value;
            } else {
                throw new IllegalArgumentException(
                        "unknown key '"
                                + key
                                + "' in the column mapping "
                                + file
                                + ": expected field.<contract field>, weight.unit or"
                                + " hsCode.remove");
            }
        }
        return new ColumnMapping(
                Collections.unmodifiableMap(columns),
                factor,
                remove); // sorted by field: messages list columns in one order
    }

    /** The column that holds {@code field}. */
    String column(String field) {
        return columns.getOrDefault(field, field);
    }
}
