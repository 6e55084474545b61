package io.lodestone.connectors.it;

import static io.lodestone.connectors.it.ConnectInfra.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.app.LodestoneApp;
import io.lodestone.avro.Shipment;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.connectors.source.ConverterSettings;
import io.lodestone.declarations.EventKind;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.localinfra.Ports;
import io.lodestone.localinfra.RegistryProcess;
import io.lodestone.schemas.dlq.DlqHeaders;
import io.lodestone.schemas.registry.ApicurioSchemaRegistry;
import io.lodestone.schemas.registry.RegistrySerdes;
import io.lodestone.schemas.topics.TopicContents;
import io.lodestone.schemas.topics.Topics;
import io.lodestone.testsupport.KafkaBrokerExtension;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The declaration source connector on a real distributed Connect worker, broker and registry. */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class DeclarationSourceIT {

    private static ConnectInfra infra;
    private static ConnectRest connect;

    @BeforeAll
    static void start() throws Exception {
        infra = new ConnectInfra();
        connect = infra.startWorker();
    }

    @AfterAll
    static void stop() {
        infra.close();
    }

    private static final String JSON_LINE =
            "{\"shipmentId\":\"%s\",\"eventTime\":\"2025-03-%02dT08:00:00Z\",\"reporter\":\"CN\","
                + "\"flow\":\"EXPORT\","
                + "\"hsCode\":\"81101000\",\"originCountry\":\"CN\",\"exportCountry\":\"CN\",\"importCountry\":\"TH\",\"exporterId\":\"CN-1\",\"exporterName\":\"Hunan"
                + " Antimony\",\"consigneeId\":\"TH-1\",\"consigneeName\":\"Siam "
                + "Antimony\",\"endUse\":\"CIVILIAN\",\"netWeightKg\":%d.5}";

    private static String line(String id, int day) {
        return String.format(JSON_LINE, id, day, 1000 + day);
    }

    @Test
    void
            aMappedCsvAJsonLinesFileAndOneWithThreeBadLinesGiveExactlyTheirRecordsAndTheBadLinesGoToTheDlqWithTheirReasons()
                    throws Exception {
        Topics topics = ConnectInfra.topics("source");
        Path inbox = Files.createDirectories(infra.dir.resolve("inbox-three-files"));
        Path home = Path.of("").toAbsolutePath();
        Files.copy(
                home.resolve("examples/broker-export.csv"), inbox.resolve("a-broker-export.csv"));
        Files.write(
                inbox.resolve("b-declarations.jsonl"),
                List.of(line("J-1", 1), line("J-2", 2), "", line("J-3", 3)));
        Files.write(
                inbox.resolve("c-with-bad-lines.jsonl"),
                List.of(
                        line("C-1", 4),
                        "{\"shipmentId\": \"C-2\", oops",
                        line("C-3", 5),
                        line("C-4", 6).replace("\"hsCode\":\"81101000\",", ""),
                        line("C-5", 7).replace("1007.5", "-3")));

        connect.put(
                "three-files",
                ConnectInfra.sourceConfig(
                        "shipments",
                        inbox,
                        topics,
                        Map.of(
                                "csv.mapping.file",
                                home.resolve("examples/broker-export-mapping.properties")
                                        .toString())));
        await(
                "the three files in done/",
                Duration.ofSeconds(90),
                () -> Files.exists(inbox.resolve("done/c-with-bad-lines.jsonl")));

        List<ConsumerRecord<String, byte[]>> published = read(topics.shipments());
        Deserializer<Shipment> avro =
                RegistrySerdes.<Shipment>valueSerde(
                                ApicurioSchemaRegistry.of(SchemaRegistryExtension.url()))
                        .deserializer();
        Map<String, Shipment> byId =
                published.stream()
                        .collect(
                                Collectors.toMap(
                                        ConsumerRecord::key,
                                        r -> avro.deserialize(r.topic(), r.value()),
                                        (a, b) -> {
                                            throw new AssertionError("published twice: " + a);
                                        },
                                        TreeMap::new));
        assertThat(byId.keySet())
                .containsExactly(
                        "BRK-2025-0001", "BRK-2025-0002", "C-1", "C-3", "J-1", "J-2", "J-3");
        // The broker's layout: tonnes with dots in the HS code became the contract's kilograms and
        // digits.
        assertThat(byId.get("BRK-2025-0001").getNetWeightKg()).isEqualTo(12_500.0);
        assertThat(byId.get("BRK-2025-0001").getHsCode()).isEqualTo("81101000");
        assertThat(byId.get("BRK-2025-0001").getTransitCountries()).containsExactly("MY", "SG");
        assertThat(byId.get("J-2")).isEqualTo(EventKind.SHIPMENTS.parseLine(line("J-2", 2)));

        // The same bytes lodestone ingest writes: Confluent framing (magic byte 0, 4-byte id), then
        // the same Avro binary.
        byte[] connectorBytes =
                published.stream()
                        .filter(r -> r.key().equals("J-2"))
                        .findFirst()
                        .orElseThrow()
                        .value();
        byte[] ingestBytes =
                RegistrySerdes.valueSerde(ApicurioSchemaRegistry.of(SchemaRegistryExtension.url()))
                        .serializer()
                        .serialize(
                                topics.shipments(), EventKind.SHIPMENTS.parseLine(line("J-2", 2)));
        assertThat(connectorBytes[0]).isZero();
        assertThat(Arrays.copyOfRange(connectorBytes, 5, connectorBytes.length))
                .isEqualTo(Arrays.copyOfRange(ingestBytes, 5, ingestBytes.length));

        List<ConsumerRecord<String, byte[]>> rejected = read(topics.dlq());
        assertThat(rejected)
                .extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder(
                        "c-with-bad-lines.jsonl:2",
                        "c-with-bad-lines.jsonl:4",
                        "c-with-bad-lines.jsonl:5");
        Map<String, String> reasons =
                rejected.stream()
                        .collect(
                                Collectors.toMap(
                                        r -> header(r, DlqHeaders.SOURCE_LINE),
                                        r ->
                                                header(r, DlqHeaders.REASON)
                                                        + " | "
                                                        + header(r, DlqHeaders.DETAIL)));
        assertThat(reasons.get("2")).startsWith("NOT_JSON | NOT_JSON: not valid JSON");
        assertThat(reasons.get("4"))
                .isEqualTo("MISSING_FIELD | MISSING_FIELD: missing required field hsCode");
        assertThat(reasons.get("5"))
                .isEqualTo(
                        "INVALID_FIELD | INVALID_FIELD: netWeightKg must be greater than 0, got"
                                + " -3");
        assertThat(rejected)
                .allSatisfy(
                        r ->
                                assertThat(header(r, DlqHeaders.SOURCE_FILE))
                                        .isEqualTo("c-with-bad-lines.jsonl"));

        try (var files = Files.list(inbox.resolve("done"))) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted())
                    .containsExactly(
                            "a-broker-export.csv",
                            "b-declarations.jsonl",
                            "c-with-bad-lines.jsonl");
        }
    }

    /**
     * The failure the issue saw (a registry answering 500 on a lock timeout failed the task for
     * good), made as plain as it gets: no registry at all when the first records are converted.
     */
    @Test
    void aRegistryDownWhenTheFirstRecordsAreConvertedDelaysThemAndFailsNoTask() throws Exception {
        Topics topics = ConnectInfra.topics("registry-late");
        Path inbox = Files.createDirectories(infra.dir.resolve("inbox-registry-late"));
        Files.write(
                inbox.resolve("declarations.jsonl"),
                List.of(line("L-1", 1), line("L-2", 2), line("L-3", 3)));
        int port = Ports.freePort();
        Map<String, String> lateRegistry =
                convertersFor(port, "errors.retry.delay.max.ms", "2000"); // not 30 s
        connect.put(
                "registry-late",
                ConnectInfra.sourceConfig("shipments", inbox, topics, lateRegistry));
        Thread.sleep(8_000); // conversions failing and retried meanwhile
        assertThat(connect.taskState("registry-late")).isEqualTo("RUNNING");
        assertThat(read(topics.shipments())).isEmpty();

        try (RegistryProcess registry = registryComesUp(port, "registry-late", inbox)) {
            Deserializer<Shipment> avro =
                    RegistrySerdes.<Shipment>valueSerde(ApicurioSchemaRegistry.of(registry.url()))
                            .deserializer();
            assertThat(
                            read(topics.shipments()).stream()
                                    .<Object>map(r -> avro.deserialize(r.topic(), r.value()))
                                    .toList())
                    .containsExactlyInAnyOrder( // three partitions; each record once
                            EventKind.SHIPMENTS.parseLine(line("L-1", 1)),
                            EventKind.SHIPMENTS.parseLine(line("L-2", 2)),
                            EventKind.SHIPMENTS.parseLine(line("L-3", 3)));
            assertThat(connect.taskState("registry-late")).isEqualTo("RUNNING");
        }
    }

    /**
     * A task failed for good (no retries here, as after their ten minutes) is restarted by the app
     * that watches the Connect cluster, and once the registry is back it delivers every record.
     */
    @Test
    void theAppRestartsATaskThatFailedAndItsRecordsArriveOnceTheRegistryIsBack() throws Exception {
        Topics topics = ConnectInfra.topics("restarted");
        Path inbox = Files.createDirectories(infra.dir.resolve("inbox-restarted"));
        Files.write(inbox.resolve("declarations.jsonl"), List.of(line("R-1", 1), line("R-2", 2)));
        int port = Ports.freePort();
        Map<String, String> noRetries = convertersFor(port, "errors.retry.timeout", "0");
        LodestoneConfig config =
                LodestoneConfig.of(
                        Map.of(
                                "bootstrap.servers",
                                KafkaBrokerExtension.bootstrapServers(),
                                "schema.registry.url",
                                SchemaRegistryExtension.url(),
                                "topic.prefix",
                                "watcher-" + topics.prefix(),
                                "application.id",
                                "watcher-" + topics.prefix().replace(".", ""),
                                "http.port",
                                "0",
                                "state.dir",
                                infra.dir.resolve("watcher-state").toString(),
                                "connect.url",
                                connect.url(),
                                "connect.check.interval",
                                "PT1S",
                                "connect.restart.backoff",
                                "PT3S"));
        try (LodestoneApp app = LodestoneApp.start(config)) {
            connect.put(
                    "restarted", ConnectInfra.sourceConfig("shipments", inbox, topics, noRetries));
            String metrics = "http://127.0.0.1:" + app.httpPort() + "/metrics";
            await(
                    "the app's restart of the failed task",
                    Duration.ofSeconds(60),
                    () ->
                            scrape(metrics)
                                    .contains(
                                            "lodestone_connect_task_restarts_total{connector=\"restarted\"}"));
            assertThat(scrape(metrics)).contains("lodestone_connect_reachable 1.0");
            assertThat(read(topics.shipments())).isEmpty();

            try (RegistryProcess registry = registryComesUp(port, "registry-back", inbox)) {
                assertThat(read(topics.shipments()).stream().map(ConsumerRecord::key).sorted())
                        .containsExactly("R-1", "R-2");
                await(
                        "no failed task counted",
                        Duration.ofSeconds(30),
                        () -> scrape(metrics).contains("lodestone_connect_failed 0.0"));
                assertThat(connect.taskState("restarted")).isEqualTo("RUNNING");
            }
        }
    }

    /** The converter settings for a registry on {@code port} (not running yet), and one more. */
    private static Map<String, String> convertersFor(int port, String setting, String value) {
        Map<String, String> settings =
                new java.util.HashMap<>(
                        ConverterSettings.forRegistry("http://" + Ports.HOST + ":" + port));
        settings.put(setting, value);
        return settings;
    }

    /**
     * Starts a registry on {@code port}, where a connector was told to find one, and waits until
     * the connector has finished {@code inbox}'s file.
     */
    private static RegistryProcess registryComesUp(int port, String name, Path inbox)
            throws Exception {
        RegistryProcess registry =
                RegistryProcess.startOrReuse(
                        LocalInfra.findProjectHome(),
                        infra.dir.resolve(name),
                        port,
                        Duration.ofSeconds(120),
                        line -> {});
        try {
            await(
                    "the file in done/",
                    Duration.ofSeconds(120),
                    () -> Files.exists(inbox.resolve("done/declarations.jsonl")));
            return registry;
        } catch (Exception | AssertionError e) {
            registry.close();
            throw e;
        }
    }

    private static String scrape(String url) {
        try {
            return java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    void aFileThatCannotBeReadGoesToErrorWithItsReason() throws Exception {
        Topics topics = ConnectInfra.topics("unreadable");
        Path inbox = Files.createDirectories(infra.dir.resolve("inbox-unreadable"));
        Files.writeString(inbox.resolve("no-such-columns.csv"), "Some,Other,Layout\n1,2,3\n");
        connect.put(
                "unreadable",
                ConnectInfra.sourceConfig(
                        "shipments",
                        inbox,
                        topics,
                        Map.of(
                                "csv.mapping.file",
                                Path.of("examples/broker-export-mapping.properties")
                                        .toAbsolutePath()
                                        .toString())));

        await(
                "the file in error/",
                Duration.ofSeconds(60),
                () -> Files.exists(inbox.resolve("error/no-such-columns.csv.reason")));
        assertThat(Files.readString(inbox.resolve("error/no-such-columns.csv.reason")))
                .contains(
                        "has no column 'Consignee ID' (mapped to consigneeId), 'Consignee' (mapped"
                                + " to consigneeName)")
                .contains("'Declaration No' (mapped to shipmentId)")
                .contains("it has [Some, Other, Layout]");
        assertThat(read(topics.shipments())).isEmpty();
    }

    @Test
    void aWorkerKilledInTheMiddleOfALargeFileResumesAndPublishesEveryLineExactlyOnce()
            throws Exception {
        Topics topics = ConnectInfra.topics("killed");
        Path inbox = Files.createDirectories(infra.dir.resolve("inbox-large"));
        int lines = 40_000;
        Path staging = infra.dir.resolve(".large.jsonl");
        Files.write(
                staging,
                IntStream.rangeClosed(1, lines)
                        .mapToObj(i -> line(String.format("BIG-%06d", i), 1 + i % 28))
                        .toList());
        Files.move(staging, inbox.resolve("large.jsonl")); // renamed in whole, as the README asks

        connect.put(
                "large-file",
                ConnectInfra.sourceConfig("shipments", inbox, topics, Map.of("batch.size", "200")));
        await(
                "a few thousand lines committed",
                Duration.ofSeconds(90),
                () -> committedCount(topics.shipments()) >= 4_000);
        infra.killWorker();
        long beforeKill = committedCount(topics.shipments());
        assertThat(beforeKill)
                .as("killed in the middle of the file")
                .isBetween(4_000L, (long) lines - 1);

        connect = infra.startWorker();
        await(
                "the file finished after the restart",
                Duration.ofSeconds(180),
                () -> Files.exists(inbox.resolve("done/large.jsonl")));

        List<String> ids = read(topics.shipments()).stream().map(ConsumerRecord::key).toList();
        assertThat(ids).hasSize(lines);
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(read(topics.dlq())).isEmpty();
    }

    private static long committedCount(String topic) {
        try {
            return read(topic).size();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static List<ConsumerRecord<String, byte[]>> read(String topic) {
        return TopicContents.readCommitted(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KafkaBrokerExtension.bootstrapServers()),
                topic,
                new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
