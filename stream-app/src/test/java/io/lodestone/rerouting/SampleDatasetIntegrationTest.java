package io.lodestone.rerouting;

import io.lodestone.app.LodestoneApp;
import io.lodestone.avro.Alert;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.localinfra.junit.KafkaBrokerExtension;
import io.lodestone.localinfra.junit.SchemaRegistryExtension;
import io.lodestone.producers.ingest.EventKind;
import io.lodestone.producers.ingest.FileIngest;
import io.lodestone.schemas.topics.RegistrySerdes;
import io.lodestone.testing.TestConfigs;
import io.lodestone.testing.TopicReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample dataset through every detector on a real broker, on three partitions replayed at full speed: the antimony diversion is called rerouting through Mexico and Thailand, the June 2025 magnet jump
 * is a base effect, and the alert counts per type are exactly the demo's.
 */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class SampleDatasetIntegrationTest {

    private static final Path SAMPLE = LocalInfra.findProjectHome().resolve("producers/sample-data");

    @TempDir
    Path tmp;

    @Test
    void theSampleHistoryGivesTheExpectedFindingsAndNoForbiddenOnes() throws Exception {
        LodestoneConfig config = TestConfigs.forBroker("sample", tmp.resolve("state"), Map.of("topic.partitions", "3"));
        Map<String, Long> expectedCounts = new TreeMap<>(Map.of(
                "LICENSE_NOT_VALID", 16L, "LICENSE_QUOTA_EXCEEDED", 4L, "LICENSE_SCOPE_VIOLATION", 1L, "ORIGIN_REEXPORT", 11L,
                "REROUTING_SUSPECTED", 1L, "TRANSSHIPMENT_CHAIN", 192L, "UNLICENSED_EXPORT", 15L, "VOLUME_COLLAPSE", 3L, "VOLUME_SURGE", 6L));
        try (LodestoneApp app = LodestoneApp.start(config);
             Producer<String, SpecificRecord> producer = FileIngest.createProducer(config.bootstrapServers(), config.registryUrl())) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            new FileIngest(producer, config.topics().licenses(), EventKind.LICENSES).run(SAMPLE.resolve("licenses.jsonl"), line -> { });
            assertThat(TopicReader.awaitCaughtUp(config.bootstrapServers(), config.applicationId(), config.topics().licenses(),
                    Duration.ofSeconds(60))).isTrue();
            new FileIngest(producer, config.topics().shipments(), EventKind.SHIPMENTS).run(SAMPLE.resolve("shipments.jsonl"), line -> { });

            List<Alert> alerts = List.of();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline && !counts(alerts).equals(expectedCounts)) {
                Thread.sleep(1_000);
                alerts = readAlerts(config);
            }
            assertThat(counts(alerts)).isEqualTo(expectedCounts);

            Map<String, Alert> byId = alerts.stream().collect(Collectors.toMap(Alert::getAlertId, a -> a));
            Alert rerouting = byId.get("REROUTING_SUSPECTED:antimony|CN|US:2025-01");
            assertThat(rerouting).isNotNull();
            assertThat(rerouting.getHubCountries()).containsExactly("MX", "TH");
            assertThat(rerouting.getEvidence().get("divertedKg")).isGreaterThan(100_000.0);
            Alert magnets = byId.get("VOLUME_SURGE:rare-earth-magnets|CN|CN|US:2025-06");
            assertThat(magnets.getSeverity().name()).isEqualTo("INFO");
            assertThat(magnets.getEvidence()).containsEntry("baseEffect", 1.0);
            assertThat(alerts).noneMatch(a -> a.getType().equals("REROUTING_SUSPECTED") && !a.getCommodity().equals("antimony"));
        }
    }

    private static Map<String, Long> counts(List<Alert> alerts) {
        return new TreeMap<>(alerts.stream().collect(Collectors.groupingBy(Alert::getType, Collectors.counting())));
    }

    private static List<Alert> readAlerts(LodestoneConfig config) {
        return TopicReader.readAll(config.bootstrapServers(), config.topics().alerts(), new StringDeserializer(),
                RegistrySerdes.<Alert>valueSerde(config.registryUrl()).deserializer()).stream().map(ConsumerRecord::value).toList();
    }
}
