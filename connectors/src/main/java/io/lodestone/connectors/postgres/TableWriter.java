package io.lodestone.connectors.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Lodestone records to their tables in one transaction per batch: creates a table that is
 * missing, adds a column for a field the table lacks (a schema that gained an optional field), and
 * upserts on the table's key, so a redelivered record rewrites its row and a later record of the
 * same key replaces it.
 */
final class TableWriter {

    private static final Logger log = LoggerFactory.getLogger(TableWriter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;

    /**
     * The columns each table has, as far as this writer knows: looked up once, then kept up to date
     * by its own DDL.
     */
    private final Map<String, Set<String>> columns = new HashMap<>();

    TableWriter(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
    }

    /** One row to write: the table, the record's value and its schema. */
    record Row(SinkTable table, Schema schema, Struct value) {
        List<Object> key() {
            return table.keyFields().stream().map(value::get).toList();
        }
    }

    /**
     * Writes {@code rows} (in their order: a later row of the same key wins) and commits; rolls
     * back on failure.
     */
    void write(Collection<Row> rows) throws SQLException {
        Map<List<Object>, Row> newestPerKey = new LinkedHashMap<>();
        for (Row row : rows) {
            List<Object> key = new ArrayList<>(row.key());
            key.add(0, row.table().table());
            newestPerKey.remove(
                    key); // re-insert so the order stays the order of the newest records
            newestPerKey.put(key, row);
        }
        try {
            Map<SinkTable, Map<Schema, List<Row>>> grouped =
                    newestPerKey.values().stream()
                            .collect(
                                    Collectors.groupingBy(
                                            Row::table,
                                            LinkedHashMap::new,
                                            Collectors.groupingBy(
                                                    Row::schema,
                                                    LinkedHashMap::new,
                                                    Collectors.toList())));
            for (var byTable : grouped.entrySet()) {
                for (var bySchema : byTable.getValue().entrySet()) {
                    ensureColumns(byTable.getKey(), bySchema.getKey());
                    upsert(byTable.getKey(), bySchema.getKey(), bySchema.getValue());
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            columns.clear(); // DDL rolled back with it
            throw e;
        }
    }

    private void ensureColumns(SinkTable table, Schema schema) throws SQLException {
        Set<String> known = columns.get(table.table());
        if (known == null) {
            known = existingColumns(table.table());
            columns.put(table.table(), known);
        }
        try (Statement ddl = connection.createStatement()) {
            if (known.isEmpty()) {
                ddl.execute(createTable(table, schema));
                schema.fields()
                        .forEach(f -> columns.get(table.table()).add(SinkTable.column(f.name())));
                log.info(
                        "created table {} ({} columns, key {})",
                        table.table(),
                        schema.fields().size(),
                        table.keyFields());
                return;
            }
            for (Field field : schema.fields()) {
                String column = SinkTable.column(field.name());
                if (!known.contains(column)) {
                    ddl.execute(
                            "ALTER TABLE "
                                    + table.table()
                                    + " ADD COLUMN IF NOT EXISTS "
                                    + column
                                    + " "
                                    + SinkTable.sqlType(field.schema()));
                    known.add(column);
                    log.info(
                            "added column {} ({}) to table {}: the record schema gained field {}",
                            column,
                            SinkTable.sqlType(field.schema()),
                            table.table(),
                            field.name());
                }
            }
        }
    }

    private static String createTable(SinkTable table, Schema schema) {
        String columnDefinitions =
                schema.fields().stream()
                        .map(
                                f ->
                                        SinkTable.column(f.name())
                                                + " "
                                                + SinkTable.sqlType(f.schema())
                                                + (f.schema().isOptional() ? "" : " NOT NULL"))
                        .collect(Collectors.joining(", "));
        String key =
                table.keyFields().stream().map(SinkTable::column).collect(Collectors.joining(", "));
        return "CREATE TABLE IF NOT EXISTS "
                + table.table()
                + " ("
                + columnDefinitions
                + ", PRIMARY KEY ("
                + key
                + "))";
    }

    private Set<String> existingColumns(String table) throws SQLException {
        Set<String> found = new HashSet<>();
        try (PreparedStatement query =
                connection.prepareStatement(
                        "SELECT column_name FROM information_schema.columns WHERE table_schema ="
                                + " current_schema() AND table_name = ?")) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }

    private void upsert(SinkTable table, Schema schema, List<Row> rows) throws SQLException {
        List<Field> fields = schema.fields();
        String names =
                fields.stream()
                        .map(f -> SinkTable.column(f.name()))
                        .collect(Collectors.joining(", "));
        String placeholders =
                fields.stream()
                        .map(f -> "jsonb".equals(SinkTable.sqlType(f.schema())) ? "?::jsonb" : "?")
                        .collect(Collectors.joining(", "));
        String key =
                table.keyFields().stream().map(SinkTable::column).collect(Collectors.joining(", "));
        String updates =
                fields.stream()
                        .filter(f -> !table.isKey(f))
                        .map(
                                f ->
                                        SinkTable.column(f.name())
                                                + " = EXCLUDED."
                                                + SinkTable.column(f.name()))
                        .collect(Collectors.joining(", "));
        String sql =
                "INSERT INTO "
                        + table.table()
                        + " ("
                        + names
                        + ") VALUES ("
                        + placeholders
                        + ") ON CONFLICT ("
                        + key
                        + ") DO UPDATE SET "
                        + updates;
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (Row row : rows) {
                for (int i = 0; i < fields.size(); i++) {
                    bind(insert, i + 1, fields.get(i).schema(), row.value().get(fields.get(i)));
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void bind(PreparedStatement statement, int index, Schema schema, Object value)
            throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NULL);
        } else if (Timestamp.LOGICAL_NAME.equals(schema.name())) {
            statement.setObject(
                    index, OffsetDateTime.ofInstant(((Date) value).toInstant(), ZoneOffset.UTC));
        } else if ("jsonb".equals(SinkTable.sqlType(schema))) {
            statement.setString(index, json(value));
        } else {
            statement.setObject(index, value);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(plain(value));
        } catch (JsonProcessingException e) {
            throw new ConnectException("cannot write a value as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Records as maps of their fields, timestamps as ISO-8601 text, all the way down: what JSON can
     * hold.
     */
    private static Object plain(Object value) {
        if (value instanceof Struct struct) {
            Map<String, Object> map = new LinkedHashMap<>();
            struct.schema().fields().forEach(f -> map.put(f.name(), plain(struct.get(f))));
            return map;
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(TableWriter::plain).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, plain(v)));
            return copy;
        }
        return value;
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.debug("rollback failed: {}", e.getMessage());
        }
    }

    void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing the connection: {}", e.getMessage());
        }
    }
}
