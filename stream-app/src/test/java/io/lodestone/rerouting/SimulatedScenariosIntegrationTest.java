package io.lodestone.rerouting;

import io.lodestone.app.LodestoneApp;
import io.lodestone.avro.Alert;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.localinfra.junit.KafkaBrokerExtension;
import io.lodestone.localinfra.junit.SchemaRegistryExtension;
import io.lodestone.producers.ingest.EventKind;
import io.lodestone.producers.ingest.FileIngest;
import io.lodestone.producers.simulator.Scenario;
import io.lodestone.producers.simulator.ScenarioSimulator;
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
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two simulated years with every scenario, through the app on a real broker (one partition, as a replay
 * should be run today): the antimony diversion is called rerouting through Thailand and Mexico; the
 * germanium collapse and the magnet base effect are not; the benign flows raise nothing.
 */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class SimulatedScenariosIntegrationTest {

    @TempDir
    Path tmp;

    private static List<Alert> readAlerts(LodestoneConfig config) {
        return TopicReader.readAll(config.bootstrapServers(), config.topics().alerts(), new StringDeserializer(),
                RegistrySerdes.<Alert>valueSerde(config.registryUrl()).deserializer()).stream().map(ConsumerRecord::value).toList();
    }

    @Test
    void theScenariosGiveTheirFindingsAndNoneOfTheForbiddenOnes() throws Exception {
        Path file = tmp.resolve("simulated.jsonl");
        new ScenarioSimulator(42, LocalDate.of(2024, 1, 1), LocalDate.of(2026, 1, 1), LocalDate.of(2024, 12, 3),
                EnumSet.allOf(Scenario.class)).writeShipments(file);
        LodestoneConfig config = TestConfigs.forBroker("sim", tmp.resolve("state"), Map.of("topic.partitions", "1"));
        List<Alert> alerts;
        try (LodestoneApp app = LodestoneApp.start(config);
             Producer<String, SpecificRecord> producer = FileIngest.createProducer(config.bootstrapServers(), config.registryUrl())) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            new FileIngest(producer, config.topics().shipments(), EventKind.SHIPMENTS).run(file, line -> { });
            assertThat(TopicReader.awaitCaughtUp(config.bootstrapServers(), config.applicationId(), config.topics().shipments(),
                    Duration.ofSeconds(120))).isTrue();
            // The monthly judgements follow the records through two repartitions: wait until the findings are in
            // and nothing new has arrived for three seconds.
            alerts = List.of();
            int unchanged = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline && (unchanged < 3 || alerts.stream().noneMatch(a -> a.getType().equals("REROUTING_SUSPECTED")))) {
                Thread.sleep(1_000);
                List<Alert> now = readAlerts(config);
                unchanged = now.size() == alerts.size() ? unchanged + 1 : 0;
                alerts = now;
            }
        }

        List<Alert> rerouting = alerts.stream().filter(a -> a.getType().equals("REROUTING_SUSPECTED")).toList();
        assertThat(rerouting).isNotEmpty().allSatisfy(a -> {
            assertThat(a.getCommodity()).isEqualTo("antimony");
            assertThat(a.getOriginCountry()).isEqualTo("CN");
            assertThat(a.getImportCountry()).isEqualTo("US");
            assertThat(Set.copyOf(a.getHubCountries())).isSubsetOf("TH", "MX");
            assertThat(a.getWindowStart().toString()).isGreaterThanOrEqualTo("2024-12-01");
        });
        assertThat(rerouting).anySatisfy(a -> assertThat(a.getHubCountries()).containsExactlyInAnyOrder("MX", "TH"));
        assertThat(alerts).filteredOn(a -> a.getType().equals("VOLUME_SURGE") && a.getCommodity().equals("rare-earth-magnets"))
                .isNotEmpty().allSatisfy(a -> assertThat(a.getEvidence()).containsEntry("baseEffect", 1.0));
        assertThat(alerts).filteredOn(a -> a.getType().equals("VOLUME_COLLAPSE") && a.getCommodity().equals("germanium")).isNotEmpty();
        assertThat(alerts).noneMatch(a -> "AU".equals(a.getOriginCountry()) || "CL".equals(a.getOriginCountry()));
    }
}
