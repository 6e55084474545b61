package io.lodestone.app;

import static io.lodestone.testing.Shipments.shipment;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.avro.Shipment;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.declarations.EventKind;
import io.lodestone.declarations.FileIngest;
import io.lodestone.schemas.dlq.DlqHeaders;
import io.lodestone.schemas.registry.RegistrySerdes;
import io.lodestone.testing.ShipmentFile;
import io.lodestone.testing.TestConfigs;
import io.lodestone.testing.TopicReader;
import io.lodestone.testsupport.KafkaBrokerExtension;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application as it runs in production (exactly-once v2, event time) on a real KRaft broker and
 * the real schema registry: JSONL ingest in, route volumes and DLQ records out.
 */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class StreamsIntegrationTest {

    @TempDir Path tmp;

    private static FileIngest.Report ingest(LodestoneConfig config, Path file) throws Exception {
        try (Producer<String, SpecificRecord> producer =
                FileIngest.createProducer(config.bootstrapServers(), config.registryUrl())) {
            return new FileIngest(producer, config.topics().shipments(), EventKind.SHIPMENTS)
                    .run(file, line -> {});
        }
    }

    @Test
    void routeVolumesEqualTotalsComputedFromTheFileAndSurviveARestartWithTheFileSentAgain()
            throws Exception {
        List<String> lines = ShipmentFile.lines(7, 1500, 10, "SHP");
        Path file = ShipmentFile.write(tmp.resolve("shipments.jsonl"), lines);
        Map<String, ShipmentFile.Totals> expected = ShipmentFile.expectedTotals(lines);
        assertThat(lines.size()).as("the file re-sends some declarations").isGreaterThan(1500);

        LodestoneConfig config = TestConfigs.forBroker("it", tmp.resolve("state-1"), Map.of());
        try (LodestoneApp app = LodestoneApp.start(config)) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            assertThat(ingest(config, file).published()).isEqualTo(lines.size());
            Map<String, ShipmentFile.Totals> actual =
                    TopicReader.awaitRouteTotals(
                            config.bootstrapServers(),
                            config.registryUrl(),
                            config.topics().routeVolumes(),
                            expected::equals,
                            Duration.ofSeconds(90));
            assertThat(ShipmentFile.differences(actual, expected)).isEmpty();
        }

        // The same file again, to an instance that must restore its de-duplication state from the
        // changelog.
        ingest(config, file);
        LodestoneConfig restarted =
                TestConfigs.forBroker(
                        "unused",
                        tmp.resolve("state-2"),
                        Map.of(
                                "topic.prefix",
                                config.topics().prefix(),
                                "application.id",
                                config.applicationId()));
        try (LodestoneApp app = LodestoneApp.start(restarted)) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            assertThat(
                            TopicReader.awaitCaughtUp(
                                    config.bootstrapServers(),
                                    config.applicationId(),
                                    config.topics().shipments(),
                                    Duration.ofSeconds(90)))
                    .isTrue();
        }
        assertThat(
                        ShipmentFile.differences(
                                TopicReader.latestRouteTotals(
                                        config.bootstrapServers(),
                                        config.registryUrl(),
                                        config.topics().routeVolumes()),
                                expected))
                .isEmpty();
    }

    @Test
    void badRecordsFromAnyProducerLandInTheDlqWithTheirReasonUnderExactlyOnce() throws Exception {
        LodestoneConfig config = TestConfigs.forBroker("dlq", tmp.resolve("state"), Map.of());
        try (LodestoneApp app = LodestoneApp.start(config)) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            String topic = config.topics().shipments();
            Shipment unknownCountry =
                    shipment("SHP-XX", "2025-02-01T00:00:00Z", "8110", "CN", "CN", "XX", 10, 1.0)
                            .build();
            Shipment good =
                    shipment("SHP-OK", "2025-02-01T01:00:00Z", "8110", "CN", "CN", "TH", 10, 1.0)
                            .build();
            try (KafkaProducer<byte[], byte[]> raw =
                            new KafkaProducer<>(
                                    Map.of(
                                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                            config.bootstrapServers()),
                                    new ByteArraySerializer(),
                                    new ByteArraySerializer());
                    KafkaProducer<String, Shipment> avro =
                            new KafkaProducer<>(
                                    Map.of(
                                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                            config.bootstrapServers()),
                                    new StringSerializer(),
                                    RegistrySerdes.<Shipment>valueSerde(config.schemaRegistry())
                                            .serializer())) {
                raw.send(
                                new ProducerRecord<>(
                                        topic,
                                        "SHP-RAW".getBytes(StandardCharsets.UTF_8),
                                        "not avro".getBytes(StandardCharsets.UTF_8)))
                        .get();
                avro.send(new ProducerRecord<>(topic, "SHP-XX", unknownCountry)).get();
                avro.send(new ProducerRecord<>(topic, "SHP-OK", good)).get();
            }
            assertThat(
                            TopicReader.awaitCaughtUp(
                                    config.bootstrapServers(),
                                    config.applicationId(),
                                    topic,
                                    Duration.ofSeconds(60)))
                    .isTrue();
            assertThat(
                            TopicReader.awaitRouteTotals(
                                    config.bootstrapServers(),
                                    config.registryUrl(),
                                    config.topics().routeVolumes(),
                                    totals -> !totals.isEmpty(),
                                    Duration.ofSeconds(30)))
                    .containsOnlyKeys("antimony|CN|CN|TH@2025-02-01");
        }
        Map<String, String> reasons = new java.util.TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r :
                TopicReader.readRaw(config.bootstrapServers(), config.topics().dlq())) {
            reasons.put(
                    new String(r.key(), StandardCharsets.UTF_8),
                    new String(
                            r.headers().lastHeader(DlqHeaders.REASON).value(),
                            StandardCharsets.UTF_8));
            if ("SHP-RAW".equals(new String(r.key(), StandardCharsets.UTF_8))) {
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
            }
        }
        assertThat(reasons)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("SHP-RAW", "INVALID_AVRO", "SHP-XX", "UNKNOWN_COUNTRY"));
    }
}
