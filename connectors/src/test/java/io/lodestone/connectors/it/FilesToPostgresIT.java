package io.lodestone.connectors.it;

import static io.lodestone.connectors.it.ConnectInfra.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lodestone.app.LodestoneApp;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Case;
import io.lodestone.avro.RouteVolume;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.localinfra.PostgresServer;
import io.lodestone.schemas.registry.ApicurioSchemaRegistry;
import io.lodestone.schemas.registry.RegistrySerdes;
import io.lodestone.schemas.topics.TopicContents;
import io.lodestone.schemas.topics.Topics;
import io.lodestone.testsupport.ConsumerGroups;
import io.lodestone.testsupport.KafkaBrokerExtension;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * End to end on real parts: declaration files → the source connector → Lodestone → the PostgreSQL
 * sink → tables that equal what the output topics hold (newest record per key), also after the sink
 * task restarts half-way.
 */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class FilesToPostgresIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSampleFilesComeThroughConnectAndLodestoneIntoTablesThatEqualTheOutputTopics()
            throws Exception {
        try (ConnectInfra infra = new ConnectInfra()) {
            PostgresServer postgres = infra.startPostgres();
            ConnectRest connect = infra.startWorker();
            Topics topics = ConnectInfra.topics("e2e");
            Path samples = Path.of("..", "producers", "sample-data").toAbsolutePath().normalize();
            Path licences = Files.createDirectories(infra.dir.resolve("inbox-licences"));
            Path shipments = Files.createDirectories(infra.dir.resolve("inbox-shipments"));
            Files.copy(samples.resolve("licenses.jsonl"), licences.resolve("licenses.jsonl"));
            Files.copy(samples.resolve("shipments.jsonl"), shipments.resolve("shipments.jsonl"));

            LodestoneConfig config =
                    LodestoneConfig.of(
                            Map.of(
                                    "bootstrap.servers", KafkaBrokerExtension.bootstrapServers(),
                                    "schema.registry.url", SchemaRegistryExtension.url(),
                                    "topic.prefix", topics.prefix(),
                                    "application.id",
                                            "lodestone-" + topics.prefix().replace(".", ""),
                                    "http.port", "0",
                                    "state.dir", infra.dir.resolve("state").toString()));
            try (LodestoneApp app = LodestoneApp.start(config)) {
                assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
                connect.put(
                        "licences-in",
                        ConnectInfra.sourceConfig("licenses", licences, topics, Map.of()));
                await(
                        "the licences file in done/",
                        Duration.ofSeconds(60),
                        () -> Files.exists(licences.resolve("done/licenses.jsonl")));
                connect.put(
                        "shipments-in",
                        ConnectInfra.sourceConfig(
                                "shipments", shipments, topics, Map.of("batch.size", "100")));
                connect.put("postgres-out", ConnectInfra.sinkConfig(topics, postgres));

                // Restart the sink task once it has written rows, while the app is still producing
                // more.
                await(
                        "the first rows in route_volumes",
                        Duration.ofSeconds(90),
                        () -> count(infra, "route_volumes") > 0);
                connect.restartTask("postgres-out", 0);

                await(
                        "the shipments file in done/",
                        Duration.ofSeconds(120),
                        () -> Files.exists(shipments.resolve("done/shipments.jsonl")));
                ConsumerGroups.requireProcessed(
                        KafkaBrokerExtension.bootstrapServers(),
                        config.applicationId(),
                        topics.shipments(),
                        Duration.ofSeconds(120));
            }

            Map<String, String> expectedVolumes = newestRouteVolumes(topics);
            Map<String, String> expectedAlerts = newestAlerts(topics);
            Map<String, String> expectedCases = newestCases(topics);
            assertThat(expectedVolumes).hasSizeGreaterThan(1_000);
            assertThat(expectedAlerts).isNotEmpty();
            assertThat(expectedCases).isNotEmpty();
            await(
                    "the tables to equal the topics (sink task: "
                            + connect.taskState("postgres-out")
                            + ")",
                    Duration.ofSeconds(120),
                    () ->
                            routeVolumeRows(infra).equals(expectedVolumes)
                                    && alertRows(infra).equals(expectedAlerts)
                                    && caseRows(infra).equals(expectedCases));

            // A client nobody here wrote sees the same: psql counts the rows.
            assertThat(psql(postgres, "SELECT count(*) FROM route_volumes"))
                    .isEqualTo(Integer.toString(expectedVolumes.size()));
            assertThat(psql(postgres, "SELECT count(*) FROM alerts"))
                    .isEqualTo(Integer.toString(expectedAlerts.size()));
            assertThat(connect.taskState("postgres-out")).isEqualTo("RUNNING");
        }
    }

    /** Per route and day: the totals of the newest record. */
    private static Map<String, String> newestRouteVolumes(Topics topics) {
        Map<String, String> newest = new TreeMap<>();
        Deserializer<RouteVolume> avro =
                RegistrySerdes.<RouteVolume>valueSerde(
                                ApicurioSchemaRegistry.of(SchemaRegistryExtension.url()))
                        .deserializer();
        for (ConsumerRecord<String, byte[]> record : read(topics.routeVolumes())) {
            RouteVolume v = avro.deserialize(record.topic(), record.value());
            newest.put(
                    routeDay(
                            v.getCommodity(),
                            v.getOriginCountry(),
                            v.getExportCountry(),
                            v.getImportCountry(),
                            v.getWindowStart()),
                    totals(v.getNetWeightKg(), v.getValueUsd(), v.getShipmentCount()));
        }
        return newest;
    }

    private static Map<String, String> routeVolumeRows(ConnectInfra infra) {
        Map<String, String> rows = new TreeMap<>();
        query(
                infra,
                "SELECT commodity, origin_country, export_country, import_country, window_start,"
                        + " net_weight_kg, value_usd, shipment_count FROM route_volumes",
                r ->
                        rows.put(
                                routeDay(
                                        r.getString(1),
                                        r.getString(2),
                                        r.getString(3),
                                        r.getString(4),
                                        r.getObject(5, java.time.OffsetDateTime.class).toInstant()),
                                totals(r.getDouble(6), r.getDouble(7), r.getLong(8))));
        return rows;
    }

    private static Map<String, String> newestAlerts(Topics topics) throws Exception {
        Map<String, String> newest = new TreeMap<>();
        Deserializer<Alert> avro =
                RegistrySerdes.<Alert>valueSerde(
                                ApicurioSchemaRegistry.of(SchemaRegistryExtension.url()))
                        .deserializer();
        for (ConsumerRecord<String, byte[]> record : read(topics.alerts())) {
            Alert a = avro.deserialize(record.topic(), record.value());
            newest.put(
                    a.getAlertId(),
                    alert(
                            a.getType(),
                            a.getSeverity().name(),
                            a.getSummary(),
                            a.getWindowStart(),
                            JSON.writeValueAsString(new TreeMap<>(a.getDetails()))));
        }
        return newest;
    }

    private static Map<String, String> alertRows(ConnectInfra infra) {
        Map<String, String> rows = new TreeMap<>();
        query(
                infra,
                "SELECT alert_id, type, severity, summary, window_start, details::text FROM alerts",
                r -> {
                    try {
                        rows.put(
                                r.getString(1),
                                alert(
                                        r.getString(2),
                                        r.getString(3),
                                        r.getString(4),
                                        r.getObject(5, java.time.OffsetDateTime.class).toInstant(),
                                        JSON.writeValueAsString(
                                                new TreeMap<>(
                                                        JSON.readValue(
                                                                r.getString(6), Map.class)))));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                });
        return rows;
    }

    private static Map<String, String> newestCases(Topics topics) {
        Map<String, String> newest = new TreeMap<>();
        Deserializer<Case> avro =
                RegistrySerdes.<Case>valueSerde(
                                ApicurioSchemaRegistry.of(SchemaRegistryExtension.url()))
                        .deserializer();
        for (ConsumerRecord<String, byte[]> record : read(topics.cases())) {
            Case c = avro.deserialize(record.topic(), record.value());
            newest.put(
                    c.getCaseId(),
                    c.getStatus()
                            + " "
                            + c.getAlertCount()
                            + " alerts, "
                            + c.getNetWeightKg()
                            + " kg: "
                            + c.getSummary());
        }
        return newest;
    }

    private static Map<String, String> caseRows(ConnectInfra infra) {
        Map<String, String> rows = new TreeMap<>();
        query(
                infra,
                "SELECT case_id, status, alert_count, net_weight_kg, summary FROM cases",
                r ->
                        rows.put(
                                r.getString(1),
                                r.getString(2)
                                        + " "
                                        + r.getLong(3)
                                        + " alerts, "
                                        + r.getDouble(4)
                                        + " kg: "
                                        + r.getString(5)));
        return rows;
    }

    private static String routeDay(
            String commodity, String origin, String export, String imported, Instant day) {
        return String.join("|", commodity, origin, export, imported, day.toString());
    }

    private static String totals(double kg, double usd, long count) {
        return kg + " kg, " + usd + " USD, " + count + " shipments";
    }

    private static String alert(
            String type, String severity, String summary, Instant windowStart, String details) {
        return String.join(" | ", type, severity, summary, windowStart.toString(), details);
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private static void query(ConnectInfra infra, String sql, RowReader reader) {
        try (Connection connection = infra.sql();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                reader.read(rows);
            }
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState())) { // the sink has not created the table yet
                throw new IllegalStateException(e);
            }
        }
    }

    private static long count(ConnectInfra infra, String table) {
        long[] count = {0};
        query(infra, "SELECT count(*) FROM " + table, r -> count[0] = r.getLong(1));
        return count[0];
    }

    private static List<ConsumerRecord<String, byte[]>> read(String topic) {
        return TopicContents.readCommitted(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KafkaBrokerExtension.bootstrapServers()),
                topic,
                new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    }

    private static String psql(PostgresServer postgres, String sql) throws Exception {
        Process process =
                new ProcessBuilder(
                                "psql",
                                "-h",
                                "127.0.0.1",
                                "-p",
                                Integer.toString(postgres.port()),
                                "-U",
                                PostgresServer.USER,
                                "-d",
                                PostgresServer.DATABASE,
                                "-At",
                                "-c",
                                sql)
                        .redirectErrorStream(true)
                        .start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
