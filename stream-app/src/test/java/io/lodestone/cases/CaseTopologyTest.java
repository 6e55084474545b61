package io.lodestone.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.avro.Alert;
import io.lodestone.avro.Case;
import io.lodestone.avro.CaseAction;
import io.lodestone.avro.CaseDecision;
import io.lodestone.avro.CaseStatus;
import io.lodestone.avro.Severity;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.schemas.dlq.DlqHeaders;
import io.lodestone.schemas.registry.AvroSerdes;
import io.lodestone.schemas.topics.Topics;
import io.lodestone.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The case part of the topology alone ({@link CaseTopology#build}) under TopologyTestDriver: alerts
 * and decisions in, cases and the DLQ out.
 */
class CaseTopologyTest {

    @TempDir Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, Alert> caseAlerts;
    private TestInputTopic<String, CaseDecision> decisions;
    private TestOutputTopic<String, Case> cases;
    private TestOutputTopic<byte[], byte[]> dlq;

    @BeforeEach
    void start() {
        LodestoneConfig config = TestConfigs.forDriver(stateDir, Map.of());
        Topics topics = config.topics();
        AvroSerdes serdes = TestConfigs.inMemorySerdes();
        StreamsBuilder builder = new StreamsBuilder();
        CaseTopology.build(builder, topics, serdes);
        driver = TestConfigs.driver(builder.build(), config);
        Serde<Alert> alertSerde = serdes.alert();
        Serde<CaseDecision> decisionSerde = serdes.caseDecision();
        Serde<Case> caseSerde = serdes.lodestoneCase();
        caseAlerts =
                driver.createInputTopic(
                        topics.caseAlerts(), new StringSerializer(), alertSerde.serializer());
        decisions =
                driver.createInputTopic(
                        topics.caseDecisions(), new StringSerializer(), decisionSerde.serializer());
        cases =
                driver.createOutputTopic(
                        topics.cases(), new StringDeserializer(), caseSerde.deserializer());
        dlq =
                driver.createOutputTopic(
                        topics.dlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private static Alert unlicensed(String shipmentId, String exporter, String day) {
        Instant at = Instant.parse(day + "T10:00:00Z");
        return Alert.newBuilder()
                .setAlertId("UNLICENSED_EXPORT:" + shipmentId)
                .setType("UNLICENSED_EXPORT")
                .setSeverity(Severity.CRITICAL)
                .setCommodity("antimony")
                .setOriginCountry("CN")
                .setExportCountry("CN")
                .setImportCountry("US")
                .setWindowStart(at)
                .setWindowEnd(at.plusSeconds(86_400))
                .setDetectedAt(at)
                .setSummary("s")
                .setShipmentIds(List.of(shipmentId))
                .setExporterId(exporter)
                .setNetWeightKg(1_000.0)
                .build();
    }

    private void alert(Alert a) {
        caseAlerts.pipeInput(CaseSubject.of(a).caseId(), a);
    }

    private static CaseDecision decision(String id, String caseId, CaseAction action) {
        return CaseDecision.newBuilder()
                .setDecisionId(id)
                .setCaseId(caseId)
                .setAction(action)
                .setDecidedBy("ana")
                .setDecidedAt(Instant.parse("2025-03-01T09:00:00Z"))
                .build();
    }

    private Map<String, Case> latestCases() {
        Map<String, Case> latest = new TreeMap<>();
        cases.readRecordsToList().forEach(r -> latest.put(r.key(), r.value()));
        return latest;
    }

    @Test
    void alertsOfOneExporterMakeOneCaseAndADecisionMovesIt() {
        alert(unlicensed("S1", "CN-EXP-1", "2025-01-03"));
        alert(unlicensed("S2", "CN-EXP-1", "2025-01-04"));
        alert(unlicensed("S3", "CN-EXP-2", "2025-01-05"));
        alert(unlicensed("S1", "CN-EXP-1", "2025-01-03")); // the same alert again: a replay

        Map<String, Case> latest = latestCases();
        assertThat(latest.keySet())
                .containsExactly(
                        "LICENCE:antimony:exporter=CN-EXP-1", "LICENCE:antimony:exporter=CN-EXP-2");
        assertThat(latest.get("LICENCE:antimony:exporter=CN-EXP-1").getAlertCount()).isEqualTo(2);
        assertThat(latest.get("LICENCE:antimony:exporter=CN-EXP-1").getNetWeightKg())
                .isEqualTo(2_000.0);
        assertThat(latest.get("LICENCE:antimony:exporter=CN-EXP-2").getAlertCount()).isEqualTo(1);

        decisions.pipeInput(
                "LICENCE:antimony:exporter=CN-EXP-1",
                decision("d1", "LICENCE:antimony:exporter=CN-EXP-1", CaseAction.ACKNOWLEDGE));
        Case acked = latestCases().get("LICENCE:antimony:exporter=CN-EXP-1");
        assertThat(acked.getStatus()).isEqualTo(CaseStatus.ACKNOWLEDGED);
        assertThat(
                        ((Case)
                                        driver.getKeyValueStore(CaseTopology.CASES_STORE)
                                                .get("LICENCE:antimony:exporter=CN-EXP-1"))
                                .getStatus())
                .isEqualTo(CaseStatus.ACKNOWLEDGED);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void aDecisionForAnUnknownCaseOrKeyedWronglyOrBreakingTheRulesGoesToTheDlqWithItsReason() {
        alert(unlicensed("S1", "CN-EXP-1", "2025-01-03"));
        latestCases();
        decisions.pipeInput(
                "LICENCE:antimony:exporter=NOBODY",
                decision("d1", "LICENCE:antimony:exporter=NOBODY", CaseAction.ACKNOWLEDGE));
        decisions.pipeInput(
                "wrong-key",
                decision("d2", "LICENCE:antimony:exporter=CN-EXP-1", CaseAction.ACKNOWLEDGE));
        decisions.pipeInput(
                "LICENCE:antimony:exporter=CN-EXP-1",
                decision("d3", "LICENCE:antimony:exporter=CN-EXP-1", CaseAction.CLOSE));

        List<TestRecord<byte[], byte[]>> rejected = dlq.readRecordsToList();
        assertThat(rejected)
                .extracting(r -> header(r, DlqHeaders.REASON))
                .containsExactly("UNKNOWN_CASE", "KEY_MISMATCH", "INVALID_DECISION");
        assertThat(header(rejected.get(0), DlqHeaders.DETAIL))
                .isEqualTo(
                        "UNKNOWN_CASE: decision d1 is about case LICENCE:antimony:exporter=NOBODY,"
                                + " which Lodestone has not opened");
        assertThat(header(rejected.get(2), DlqHeaders.DETAIL))
                .isEqualTo(
                        "INVALID_DECISION: decision d3 on LICENCE:antimony:exporter=CN-EXP-1: CLOSE"
                                + " needs a reason");
        assertThat(new String(rejected.get(1).key(), StandardCharsets.UTF_8))
                .isEqualTo("wrong-key");
        assertThat(cases.isEmpty()).as("no case changed").isTrue();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
