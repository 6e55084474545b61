package io.lodestone.rerouting;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.alerts.Detail;
import io.lodestone.app.LodestoneApp;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Case;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.declarations.EventKind;
import io.lodestone.declarations.FileIngest;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.schemas.registry.RegistrySerdes;
import io.lodestone.testing.AlertRecords;
import io.lodestone.testing.CaseRecords;
import io.lodestone.testing.TestConfigs;
import io.lodestone.testing.TopicReader;
import io.lodestone.testsupport.KafkaBrokerExtension;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample dataset through every detector on a real broker, on three partitions replayed at full
 * speed: the antimony diversion is one rerouting episode through Mexico and Thailand, the June 2025
 * magnet jump is a base effect, and the alert counts per type are exactly the demo's.
 */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class SampleDatasetIntegrationTest {

    private static final Path SAMPLE =
            LocalInfra.findProjectHome().resolve("producers/sample-data");

    @TempDir Path tmp;

    @Test
    void theSampleHistoryGivesTheExpectedFindingsAndNoForbiddenOnes() throws Exception {
        LodestoneConfig config =
                TestConfigs.forBroker(
                        "sample", tmp.resolve("state"), Map.of("topic.partitions", "3"));
        Map<String, Long> expectedCounts =
                new TreeMap<>(
                        Map.of(
                                "LICENSE_NOT_VALID",
                                16L,
                                "LICENSE_QUOTA_EXCEEDED",
                                4L,
                                "LICENSE_SCOPE_VIOLATION",
                                1L,
                                "ORIGIN_REEXPORT",
                                11L,
                                "REROUTING_SUSPECTED",
                                1L,
                                "TRANSSHIPMENT_CHAIN",
                                192L,
                                "UNLICENSED_EXPORT",
                                15L,
                                "VOLUME_COLLAPSE",
                                3L,
                                "VOLUME_SURGE",
                                1L));
        try (LodestoneApp app = LodestoneApp.start(config);
                Producer<String, SpecificRecord> producer =
                        FileIngest.createProducer(
                                config.bootstrapServers(), config.registryUrl())) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            new FileIngest(producer, config.topics().licenses(), EventKind.LICENSES)
                    .run(SAMPLE.resolve("licenses.jsonl"), line -> {});
            assertThat(
                            TopicReader.awaitCaughtUp(
                                    config.bootstrapServers(),
                                    config.applicationId(),
                                    config.topics().licenses(),
                                    Duration.ofSeconds(60)))
                    .isTrue();
            new FileIngest(producer, config.topics().shipments(), EventKind.SHIPMENTS)
                    .run(SAMPLE.resolve("shipments.jsonl"), line -> {});

            // the expected alerts, then six more seconds in which an episode's later updates, a
            // quota walk (every 5 s) or any extra alert would show
            List<Alert> alerts = List.of();
            int unchanged = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline
                    && (!counts(alerts).equals(expectedCounts) || unchanged < 6)) {
                Thread.sleep(1_000);
                List<Alert> now = readAlerts(config);
                unchanged = now.size() == alerts.size() ? unchanged + 1 : 0;
                alerts = now;
            }
            assertThat(counts(alerts)).isEqualTo(expectedCounts);

            Map<String, Alert> byId = AlertRecords.newestById(alerts);
            // the collapses and surges the storylines hold: germanium's fall from the ban (the
            // listed pair's event study; antimony's is rerouting), the magnet pause, the one hub
            // leg
            // with half a year of history before its surge (the sample begins in July 2024: a route
            // is judged against at least 6 months)
            assertThat(byId.keySet().stream().filter(id -> id.startsWith("VOLUME_")).toList())
                    .containsExactlyInAnyOrder(
                            "VOLUME_COLLAPSE:germanium|CN|CN|US:2024-12:listed",
                            "VOLUME_COLLAPSE:germanium|CN|CN|JP:2025-03",
                            "VOLUME_COLLAPSE:rare-earth-magnets|CN|CN|US:2025-04",
                            "VOLUME_SURGE:antimony|TH|TH|US:2025-01");
            // one episode from the ban, called when December closed and updated each month after
            Alert rerouting = byId.get("REROUTING_SUSPECTED:antimony|CN|US:2024-12");
            assertThat(rerouting).isNotNull();
            assertThat(rerouting.getHubCountries()).containsExactly("MX", "TH");
            assertThat(rerouting.getEvidence().get("divertedKg")).isGreaterThan(100_000.0);
            assertThat(rerouting.getDetails())
                    .containsEntry("firstCalled", "2024-12")
                    .containsEntry("judgedMonth", "2025-07")
                    .containsEntry("revision", "8");
            assertThat(alerts)
                    .noneMatch(
                            a ->
                                    a.getType().equals("REROUTING_SUSPECTED")
                                            && !a.getCommodity().equals("antimony"));

            // 250 alerts become a few dozen cases, each holding exactly the standing alerts its
            // subject has.
            Map<String, Long> expectedCases = CaseRecords.expectedAlertCounts(byId.values());
            Map<String, Case> cases = Map.of();
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline
                    && !CaseRecords.alertCounts(cases).equals(expectedCases)) {
                Thread.sleep(500);
                cases =
                        CaseRecords.newestById(
                                TopicReader.readAll(
                                                config.bootstrapServers(),
                                                config.topics().cases(),
                                                new StringDeserializer(),
                                                RegistrySerdes.<Case>valueSerde(
                                                                config.schemaRegistry())
                                                        .deserializer())
                                        .stream()
                                        .map(ConsumerRecord::value)
                                        .toList());
            }
            assertThat(CaseRecords.alertCounts(cases)).isEqualTo(expectedCases);
            assertThat(cases.values())
                    .allSatisfy(c -> assertThat(c.getStatus().name()).isEqualTo("OPEN"));
            Case chains = cases.get("TRANSSHIPMENT:antimony:company=SIAM ANTIMONY TRADING@TH");
            assertThat(chains)
                    .as("the Thai trader's chains are one case: " + cases.keySet())
                    .isNotNull();
            assertThat(chains.getSummary()).startsWith("SIAM ANTIMONY TRADING in TH: ");
        }
    }

    /** Alerts per type, an episode's updates counted once. */
    /**
     * Standing alerts per type: a quota alert whose crossing moved to an earlier shipment, as the
     * licence's shipments came in from the three partitions, is withdrawn and does not count.
     */
    private static Map<String, Long> counts(List<Alert> alerts) {
        return new TreeMap<>(
                AlertRecords.newestById(alerts).values().stream()
                        .filter(a -> !Detail.WITHDRAWN.equals(Detail.STATUS.in(a)))
                        .collect(Collectors.groupingBy(Alert::getType, Collectors.counting())));
    }

    private static List<Alert> readAlerts(LodestoneConfig config) {
        return TopicReader.readAll(
                        config.bootstrapServers(),
                        config.topics().alerts(),
                        new StringDeserializer(),
                        RegistrySerdes.<Alert>valueSerde(config.schemaRegistry()).deserializer())
                .stream()
                .map(ConsumerRecord::value)
                .toList();
    }
}
