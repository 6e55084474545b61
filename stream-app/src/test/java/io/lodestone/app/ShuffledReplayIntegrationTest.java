package io.lodestone.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.avro.Case;
import io.lodestone.avro.License;
import io.lodestone.avro.Shipment;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.declarations.FileIngest;
import io.lodestone.schemas.dlq.DlqHeaders;
import io.lodestone.schemas.registry.RegistrySerdes;
import io.lodestone.schemas.topics.TopicProvisioner;
import io.lodestone.testing.CaseRecords;
import io.lodestone.testing.DriverRun;
import io.lodestone.testing.DriverRun.Outcome;
import io.lodestone.testing.LateFilings;
import io.lodestone.testing.PipelineOutputs;
import io.lodestone.testing.Shipments;
import io.lodestone.testing.TestConfigs;
import io.lodestone.testing.TopicReader;
import io.lodestone.testsupport.Differences;
import io.lodestone.testsupport.KafkaBrokerExtension;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample filed as customs feeds deliver it ({@link LateFilings}: declarations up to 90 days
 * late, some twice, some amended, licences up to 60 days late) on a real broker's four-partition
 * topics, replayed at full speed by the app with two stream threads, ends in what the sample gives
 * in event-time order on one partition: the same route volumes, the same standing alerts (quota
 * alerts naming the same crossing shipments), every record counted or in the DLQ, and cases that
 * hold exactly the standing alerts.
 */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class ShuffledReplayIntegrationTest {

    private static final int PARTITIONS = 4;

    @TempDir Path tmp;

    @Test
    void theSampleFiledLateOnFourPartitionsEndsInTheOrderedRunsVolumesAndAlerts() throws Exception {
        List<SpecificRecord> all = LateFilings.sample();
        List<SpecificRecord> closing = closingShipments(all);
        List<SpecificRecord> ordered = new ArrayList<>(LateFilings.inEventTimeOrder(all));
        ordered.addAll(closing);
        Outcome expected = DriverRun.run(tmp.resolve("ordered"), Map.of(), ordered);
        List<SpecificRecord> filed = new ArrayList<>(LateFilings.filedLate(all, 42));
        filed.addAll(closing);

        LodestoneConfig config =
                TestConfigs.forBroker(
                        "shuffled",
                        tmp.resolve("state"),
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
            for (SpecificRecord record : filed) {
                producer.send(
                        record instanceof Shipment s
                                ? new ProducerRecord<>(
                                        config.topics().shipments(), s.getShipmentId(), s)
                                : new ProducerRecord<>(
                                        config.topics().licenses(),
                                        ((License) record).getLicenseId(),
                                        record));
            }
        }
        Outcome actual;
        Map<String, Case> cases;
        try (LodestoneApp app = LodestoneApp.start(config)) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            // quiet for two of the route judge's 5-second revision rounds
            PipelineOutputs outputs = PipelineOutputs.await(config, Duration.ofSeconds(12));
            actual = new Outcome(outputs.alerts(), outputs.routeTotals(), deadLetters(config));
            cases = awaitCases(config, standingPerCase(actual));
        }

        assertThat(ShuffledReplayTopologyTest.standingDifferences(actual, expected))
                .as("alerts that stand: filed late on four partitions against event-time order")
                .isEmpty();
        assertThat(Differences.between(expected.volumes(), actual.volumes(), Integer.MAX_VALUE))
                .as("route-day totals, to the last bit")
                .isEmpty();
        TreeSet<String> refused = new TreeSet<>(expected.deadLetters());
        LateFilings.supersededOnArrival(filed)
                .forEach(id -> refused.add(id + " SUPERSEDED_REVISION"));
        assertThat(new TreeSet<>(actual.deadLetters()))
                .as("the same records refused, and each first filing after its amendment")
                .isEqualTo(refused);
        assertThat(standingAlerts(cases))
                .as(
                        "each case counts its standing alerts; one whose alerts were all withdrawn"
                                + " closed")
                .isEqualTo(standingPerCase(actual));
        assertThat(cases.values())
                .filteredOn(c -> c.getAlertCount() == 0)
                .allSatisfy(c -> assertThat(c.getStatus().name()).isEqualTo("CLOSED"));
    }

    /**
     * One small uncontrolled shipment per partition, a month after the sample's last: a watermark
     * waits for every input partition, so without them the judgements of the last days on four
     * partitions would wait for data that never comes (one partition is all TopologyTestDriver
     * needs). The same records close the ordered run.
     */
    private static List<SpecificRecord> closingShipments(List<SpecificRecord> all) {
        Instant last =
                all.stream()
                        .filter(r -> r instanceof Shipment)
                        .map(r -> ((Shipment) r).getEventTime())
                        .max(Instant::compareTo)
                        .orElseThrow();
        Map<Integer, SpecificRecord> byPartition = new TreeMap<>();
        for (int n = 0; byPartition.size() < PARTITIONS; n++) {
            String id = "SHP-CLOSING-" + n;
            int partition =
                    Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8)))
                            % PARTITIONS;
            byPartition.putIfAbsent(
                    partition,
                    Shipments.shipment(
                                    id,
                                    last.plus(Duration.ofDays(30)).toString(),
                                    "28469000",
                                    "AU",
                                    "AU",
                                    "JP",
                                    1,
                                    1.0)
                            .build());
        }
        return List.copyOf(byPartition.values());
    }

    private static List<String> deadLetters(LodestoneConfig config) {
        return TopicReader.readRaw(config.bootstrapServers(), config.topics().dlq()).stream()
                .map(
                        r ->
                                new String(r.key(), StandardCharsets.UTF_8)
                                        + " "
                                        + new String(
                                                r.headers().lastHeader(DlqHeaders.REASON).value(),
                                                StandardCharsets.UTF_8))
                .toList();
    }

    private static Map<String, Long> standingPerCase(Outcome outcome) {
        return CaseRecords.expectedAlertCounts(outcome.standing().values());
    }

    private static Map<String, Long> standingAlerts(Map<String, Case> cases) {
        Map<String, Long> counts = new TreeMap<>(CaseRecords.alertCounts(cases));
        counts.values().removeIf(n -> n == 0);
        return counts;
    }

    /** The cases once they hold {@code expected} standing alerts (or after 60 s). */
    private static Map<String, Case> awaitCases(LodestoneConfig config, Map<String, Long> expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, Case> cases;
        do {
            cases =
                    CaseRecords.newestById(
                            TopicReader.readAll(
                                            config.bootstrapServers(),
                                            config.topics().cases(),
                                            new StringDeserializer(),
                                            RegistrySerdes.<Case>valueSerde(config.schemaRegistry())
                                                    .deserializer())
                                    .stream()
                                    .map(r -> r.value())
                                    .toList());
            if (standingAlerts(cases).equals(expected)) {
                return cases;
            }
            Thread.sleep(1_000);
        } while (System.nanoTime() < deadline);
        return cases;
    }
}
