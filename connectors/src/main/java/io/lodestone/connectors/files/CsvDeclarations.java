package io.lodestone.connectors.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import io.lodestone.declarations.EventKind;
import io.lodestone.declarations.FileIngest;
import io.lodestone.declarations.LineReader;
import io.lodestone.declarations.RejectedRecordException;
import io.lodestone.schemas.dlq.DlqReason;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A CSV declaration file read one line at a time: a header row, then one event per line. Each row
 * becomes the contract's JSON object (columns found through a {@link ColumnMapping}, values typed
 * by the contract's Avro schema: numbers, {@code ;}-separated lists, weights converted to
 * kilograms, HS codes cleaned) and is checked by the same parser as {@code lodestone ingest}, so a
 * bad row gets the same reason. Blank lines are skipped.
 */
public final class CsvDeclarations implements Declarations {

    private static final CsvMapper CSV = new CsvMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LineReader lines;
    private final EventKind kind;
    private final ColumnMapping mapping;
    private final Map<String, Integer> columnIndex = new HashMap<>();

    private CsvDeclarations(LineReader lines, EventKind kind, ColumnMapping mapping) {
        this.lines = lines;
        this.kind = kind;
        this.mapping = mapping;
    }

    /**
     * Opens {@code file} and reads its header. A header without a column the mapping names is
     * refused (the whole file cannot be read), naming the column and the field.
     */
    public static CsvDeclarations open(Path file, EventKind kind, ColumnMapping mapping)
            throws IOException {
        CsvDeclarations csv =
                new CsvDeclarations(
                        new LineReader(file, FileIngest.MAX_RECORD_BYTES), kind, mapping);
        try {
            LineReader.Line header = csv.lines.next();
            if (header == null || header.text() == null || header.text().isBlank()) {
                throw new IllegalArgumentException(
                        file
                                + " has no header row"
                                + (header != null && header.rejection() != null
                                        ? ": " + header.rejection().getMessage()
                                        : ""));
            }
            List<String> names = cells(header.text());
            for (int i = 0; i < names.size(); i++) {
                csv.columnIndex.put(names.get(i).trim(), i);
            }
            List<String> missing =
                    mapping.columns().entrySet().stream()
                            .filter(e -> !csv.columnIndex.containsKey(e.getValue()))
                            .map(e -> "'" + e.getValue() + "' (mapped to " + e.getKey() + ")")
                            .toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(
                        "the header of "
                                + file
                                + " has no column "
                                + String.join(", ", missing)
                                + "; it has "
                                + names);
            }
            return csv;
        } catch (RuntimeException | IOException e) {
            csv.close();
            throw e;
        }
    }

    /** The next data row (the header is line 1), or null at the end of the file. */
    @Override
    public Row next() throws IOException {
        for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
            if (line.rejection() != null) {
                return new Row(line.number(), null, line.rejection());
            }
            if (line.text().isBlank()) {
                continue;
            }
            try {
                return new Row(line.number(), kind.parse(contractObject(cells(line.text()))), null);
            } catch (RejectedRecordException e) {
                return new Row(line.number(), null, e);
            } catch (IOException e) {
                return new Row(
                        line.number(),
                        null,
                        new RejectedRecordException(DlqReason.NOT_CSV, e.getMessage()));
            }
        }
        return null;
    }

    private ObjectNode contractObject(List<String> cells) {
        if (cells.size() > columnIndex.size()) {
            throw new RejectedRecordException(
                    DlqReason.NOT_CSV,
                    "the row has "
                            + cells.size()
                            + " cells, the header "
                            + columnIndex.size()
                            + " columns");
        }
        ObjectNode json = JSON.createObjectNode();
        for (Schema.Field field : kind.schema().getFields()) {
            Integer index = columnIndex.get(mapping.column(field.name()));
            String cell = index == null || index >= cells.size() ? "" : cells.get(index).trim();
            if (!cell.isEmpty()) {
                put(json, field.name(), nonNull(field.schema()), cell);
            }
        }
        return json;
    }

    /**
     * The cell as the contract's JSON has it: a number, a list, or text (a value that does not
     * parse stays text, for the parser to reject).
     */
    private void put(ObjectNode json, String name, Schema type, String cell) {
        switch (type.getType()) {
            case DOUBLE, FLOAT -> {
                try {
                    double factor =
                            ColumnMapping.WEIGHT_FIELDS.contains(name)
                                    ? mapping.weightFactor()
                                    : 1.0;
                    json.put(name, Double.parseDouble(cell) * factor);
                } catch (NumberFormatException notANumber) {
                    json.put(name, cell);
                }
            }
            case INT, LONG -> {
                if (type.getLogicalType() != null) {
                    json.put(name, cell); // a timestamp: ISO-8601 text in the contract
                } else {
                    try {
                        json.put(name, Long.parseLong(cell));
                    } catch (NumberFormatException notANumber) {
                        json.put(name, cell);
                    }
                }
            }
            case ARRAY -> {
                ArrayNode items = json.putArray(name);
                for (String item : cell.split(";")) {
                    if (!item.isBlank()) {
                        items.add(cleaned(name, item.trim()));
                    }
                }
            }
            default -> json.put(name, cleaned(name, cell));
        }
    }

    private String cleaned(String field, String value) {
        if (!field.startsWith("hsCode") || mapping.hsCodeRemove().isEmpty()) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        value.chars()
                .filter(c -> mapping.hsCodeRemove().indexOf(c) < 0)
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        return schema.getTypes().stream()
                .filter(s -> s.getType() != Schema.Type.NULL)
                .findFirst()
                .orElse(schema);
    }

    private static List<String> cells(String line) throws IOException {
        String[] cells = CSV.readerFor(String[].class).readValue(line);
        return cells == null ? List.of() : List.of(cells);
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
