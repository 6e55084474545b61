package io.lodestone.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.localinfra.Ports;
import io.lodestone.localinfra.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sink's table writing on a real PostgreSQL: creation, upserts, redelivery and a schema that
 * gains a field.
 */
class TableWriterIT {

    private static PostgresServer postgres;

    @BeforeAll
    static void start() throws Exception {
        Path dir =
                Files.createDirectories(
                        Path.of(
                                        "target",
                                        "it-postgres-"
                                                + UUID.randomUUID().toString().substring(0, 8))
                                .toAbsolutePath());
        postgres = PostgresServer.startOrReuse(dir, Ports.freePort(), line -> {});
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    private static final SinkTable ALERTS =
            SinkTable.forSchema(SchemaBuilder.struct().name("io.lodestone.avro.Alert").build())
                    .orElseThrow();

    private static SchemaBuilder alertSchemaV1() {
        return SchemaBuilder.struct()
                .name("io.lodestone.avro.Alert")
                .field("alertId", Schema.STRING_SCHEMA)
                .field("summary", Schema.STRING_SCHEMA)
                .field("windowStart", Timestamp.SCHEMA)
                .field(
                        "details",
                        SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build());
    }

    private static TableWriter.Row alert(Schema schema, String id, String summary) {
        Struct value =
                new Struct(schema)
                        .put("alertId", id)
                        .put("summary", summary)
                        .put("windowStart", new Date(1_700_000_000_000L))
                        .put("details", Map.of("hub", "TH"));
        return new TableWriter.Row(ALERTS, schema, value);
    }

    @Test
    void createsTheTableUpsertsOnTheKeyAndARedeliveredBatchChangesNothing() throws Exception {
        Schema v1 = alertSchemaV1().build();
        TableWriter writer = new TableWriter(connection());
        try {
            List<TableWriter.Row> batch =
                    List.of(
                            alert(v1, "A-1", "first"),
                            alert(v1, "A-2", "second"),
                            alert(v1, "A-1", "first, revised"));
            writer.write(batch);
            writer.write(batch); // redelivered after a restart
        } finally {
            writer.close();
        }
        assertThat(
                        rows(
                                "SELECT alert_id, summary, details->>'hub', window_start FROM"
                                        + " alerts WHERE alert_id LIKE 'A-%' ORDER BY alert_id"))
                .containsExactly(
                        "A-1|first, revised|TH|2023-11-14 22:13:20+00",
                        "A-2|second|TH|2023-11-14 22:13:20+00");
    }

    @Test
    void aColumnIsAddedWhenTheSchemaGainsAnOptionalField() throws Exception {
        Schema v1 = alertSchemaV1().build();
        Schema v2 = alertSchemaV1().field("caseId", Schema.OPTIONAL_STRING_SCHEMA).build();
        TableWriter writer = new TableWriter(connection());
        try {
            writer.write(List.of(alert(v1, "B-1", "before")));
            TableWriter.Row withCase = alert(v2, "B-2", "after");
            withCase.value().put("caseId", "CASE-7");
            writer.write(List.of(withCase, alert(v2, "B-3", "after, no case")));
        } finally {
            writer.close();
        }
        assertThat(
                        rows(
                                "SELECT alert_id, coalesce(case_id, '-') FROM alerts WHERE alert_id"
                                        + " LIKE 'B-%' ORDER BY alert_id"))
                .containsExactly("B-1|-", "B-2|CASE-7", "B-3|-");
    }

    private static Connection connection() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, "");
    }

    private static List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = connection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    cells.add(result.getString(i));
                }
                rows.add(String.join("|", cells));
            }
        }
        return rows;
    }
}
