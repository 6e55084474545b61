package io.lodestone.rerouting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lodestone.app.LodestoneApp;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Case;
import io.lodestone.avro.License;
import io.lodestone.avro.Shipment;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.declarations.EventKind;
import io.lodestone.declarations.FileIngest;
import io.lodestone.schemas.registry.RegistrySerdes;
import io.lodestone.schemas.topics.TopicProvisioner;
import io.lodestone.testing.AlertRecords;
import io.lodestone.testing.AlertsFixture;
import io.lodestone.testing.CaseRecords;
import io.lodestone.testing.SimulatedHistory;
import io.lodestone.testing.TestConfigs;
import io.lodestone.testing.TopicReader;
import io.lodestone.testsupport.KafkaBrokerExtension;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two simulated years with every scenario and the licences the simulated exporters cite, run two
 * ways: live arrival (one record at a time in event-time order, under TopologyTestDriver) and a
 * replay at full speed (the whole history already on a real broker's four-partition topic, two
 * stream threads). The replay gives exactly the alerts of live arrival; among them the antimony
 * diversion is called rerouting through Thailand and Mexico, the germanium collapse and the magnet
 * base effect are not, and the benign flows raise nothing.
 */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedScenariosIntegrationTest {

    private static final int PARTITIONS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path tmp;

    private Map<String, Alert> live;
    private Map<String, Alert> replayed;
    private Map<String, Case> liveCases;
    private Map<String, Case> replayedCases;

    @BeforeAll
    void runTheHistoryBothWays() throws Exception {
        SimulatedHistory.Files history = SimulatedHistory.write(tmp);
        Path file = history.shipments();
        Path licences = history.licences();
        live = liveArrival(licences, file);
        replayed = replayAtFullSpeed(licences, file, live.size());
        System.out.println(
                "alerts by type, live arrival: "
                        + countsByType(live)
                        + "; replay on "
                        + PARTITIONS
                        + " partitions: "
                        + countsByType(replayed));
    }

    /**
     * Licences and shipments one at a time in event-time order (TopologyTestDriver runs them all in
     * one task).
     */
    private Map<String, Alert> liveArrival(Path licences, Path file) throws Exception {
        List<Map.Entry<Instant, Runnable>> arrivals = new ArrayList<>();
        try (AlertsFixture topology = new AlertsFixture(tmp.resolve("live-state"), Map.of())) {
            for (String line : Files.readAllLines(licences)) {
                License licence =
                        (License) EventKind.LICENSES.parse((ObjectNode) JSON.readTree(line));
                arrivals.add(Map.entry(licence.getEventTime(), () -> topology.licence(licence)));
            }
            for (String line : Files.readAllLines(file)) {
                Shipment shipment =
                        (Shipment) EventKind.SHIPMENTS.parse((ObjectNode) JSON.readTree(line));
                arrivals.add(Map.entry(shipment.getEventTime(), () -> topology.ship(shipment)));
            }
            arrivals.sort(
                    Map.Entry.comparingByKey()); // stable: a licence before a shipment of the same
            // instant
            arrivals.forEach(arrival -> arrival.getValue().run());
            liveCases = CaseRecords.newestById(topology.cases());
            return byId(topology.alerts());
        }
    }

    private Map<String, Alert> replayAtFullSpeed(Path licences, Path file, int expected)
            throws Exception {
        LodestoneConfig config =
                TestConfigs.forBroker(
                        "replay",
                        tmp.resolve("replay-state"),
                        Map.of(
                                "topic.partitions",
                                String.valueOf(PARTITIONS),
                                "kafka.num.stream.threads",
                                "2"));
        TopicProvisioner.createMissing(
                config.bootstrapServers(),
                config.topics().definitions(PARTITIONS, (short) 1),
                Duration.ofSeconds(30));
        try (Producer<String, SpecificRecord> producer =
                FileIngest.createProducer(config.bootstrapServers(), config.registryUrl())) {
            new FileIngest(producer, config.topics().licenses(), EventKind.LICENSES)
                    .run(licences, line -> {});
            new FileIngest(producer, config.topics().shipments(), EventKind.SHIPMENTS)
                    .run(file, line -> {});
        }
        try (LodestoneApp app = LodestoneApp.start(config)) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            assertThat(
                            TopicReader.awaitCaughtUp(
                                    config.bootstrapServers(),
                                    config.applicationId(),
                                    config.topics().shipments(),
                                    Duration.ofSeconds(120)))
                    .isTrue();
            // The monthly judgements follow the records through two repartitions: wait for as many
            // alerts as live arrival gave, then three more seconds in which any extra one would
            // show.
            List<Alert> alerts = List.of();
            int unchanged = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline && (alerts.size() < expected || unchanged < 3)) {
                Thread.sleep(1_000);
                List<Alert> now =
                        TopicReader.readAll(
                                        config.bootstrapServers(),
                                        config.topics().alerts(),
                                        new StringDeserializer(),
                                        RegistrySerdes.<Alert>valueSerde(config.schemaRegistry())
                                                .deserializer())
                                .stream()
                                .map(ConsumerRecord::value)
                                .toList();
                unchanged = now.size() == alerts.size() ? unchanged + 1 : 0;
                alerts = now;
            }
            // The cases follow the alerts through the case-alerts topic.
            Map<String, Long> expectedCases =
                    CaseRecords.expectedAlertCounts(byId(alerts).values());
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            do {
                replayedCases =
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
            } while (!CaseRecords.alertCounts(replayedCases).equals(expectedCases)
                    && System.nanoTime() < deadline
                    && sleep());
            return byId(alerts);
        }
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(1_000);
        return true;
    }

    private static Map<String, Long> countsByType(Map<String, Alert> alerts) {
        return new TreeMap<>(
                alerts.values().stream()
                        .collect(Collectors.groupingBy(Alert::getType, Collectors.counting())));
    }

    private static Map<String, Alert> byId(List<Alert> alerts) {
        return AlertRecords.newestById(alerts);
    }

    @Test
    void aReplayOnFourPartitionsAtFullSpeedGivesExactlyTheAlertsOfLiveArrival() {
        Set<String> missing = new TreeSet<>(live.keySet());
        missing.removeAll(replayed.keySet());
        Set<String> extra = new TreeSet<>(replayed.keySet());
        extra.removeAll(live.keySet());
        assertThat(missing).as("alerts of live arrival missing from the replay").isEmpty();
        assertThat(extra).as("alerts of the replay that live arrival did not give").isEmpty();
        List<String> different =
                live.keySet().stream()
                        .filter(id -> !live.get(id).equals(replayed.get(id)))
                        .toList();
        assertThat(different).as("alerts with other contents in the replay").isEmpty();
        assertThat(live).hasSizeGreaterThan(50);
    }

    @Test
    void eachCaseHoldsExactlyItsAlertsAndTheReplayGivesTheCasesOfLiveArrival() {
        assertThat(CaseRecords.alertCounts(liveCases))
                .isEqualTo(CaseRecords.expectedAlertCounts(live.values()));
        assertThat(replayedCases.keySet()).isEqualTo(liveCases.keySet());
        List<String> different =
                liveCases.keySet().stream()
                        .filter(id -> !liveCases.get(id).equals(replayedCases.get(id)))
                        .toList();
        assertThat(different).as("cases with other contents in the replay").isEmpty();
        // A handful of investigations instead of a flood of alerts.
        assertThat(liveCases.size()).isLessThan(live.size() / 3);
        System.out.println(
                "cases by family: "
                        + new TreeMap<>(
                                liveCases.values().stream()
                                        .collect(
                                                Collectors.groupingBy(
                                                        Case::getFamily, Collectors.counting())))
                        + " from "
                        + live.size()
                        + " alerts");
    }

    @Test
    void theScenariosGiveTheirFindingsAndNoneOfTheForbiddenOnes() {
        List<Alert> alerts = List.copyOf(replayed.values());
        List<Alert> rerouting =
                alerts.stream().filter(a -> a.getType().equals("REROUTING_SUSPECTED")).toList();
        assertThat(rerouting)
                .isNotEmpty()
                .allSatisfy(
                        a -> {
                            assertThat(a.getCommodity()).isEqualTo("antimony");
                            assertThat(a.getOriginCountry()).isEqualTo("CN");
                            assertThat(a.getImportCountry()).isEqualTo("US");
                            assertThat(Set.copyOf(a.getHubCountries())).isSubsetOf("TH", "MX");
                            assertThat(a.getWindowStart().toString())
                                    .isGreaterThanOrEqualTo("2024-12-01");
                        });
        assertThat(rerouting)
                .anySatisfy(
                        a -> assertThat(a.getHubCountries()).containsExactlyInAnyOrder("MX", "TH"));
        assertThat(alerts)
                .filteredOn(
                        a ->
                                a.getType().equals("VOLUME_SURGE")
                                        && a.getCommodity().equals("rare-earth-magnets"))
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.getEvidence()).containsEntry("baseEffect", 1.0));
        assertThat(alerts)
                .filteredOn(
                        a ->
                                a.getType().equals("VOLUME_COLLAPSE")
                                        && a.getCommodity().equals("germanium"))
                .isNotEmpty();
        assertThat(alerts)
                .noneMatch(
                        a ->
                                "AU".equals(a.getOriginCountry())
                                        || "CL".equals(a.getOriginCountry()));
        assertThat(alerts)
                .as("every simulated export cites a valid licence")
                .noneMatch(
                        a ->
                                a.getType().startsWith("LICENSE_")
                                        || a.getType().equals("UNLICENSED_EXPORT"));
    }
}
