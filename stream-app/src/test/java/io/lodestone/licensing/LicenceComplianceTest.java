package io.lodestone.licensing;

import static io.lodestone.testing.Licences.antimony;
import static io.lodestone.testing.Shipments.shipment;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.avro.Alert;
import io.lodestone.avro.EndUse;
import io.lodestone.avro.Flow;
import io.lodestone.avro.License;
import io.lodestone.avro.LicenseStatus;
import io.lodestone.avro.Severity;
import io.lodestone.avro.Shipment;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.schemas.dlq.DlqHeaders;
import io.lodestone.schemas.registry.AvroSerdes;
import io.lodestone.schemas.registry.RegistrySerdes;
import io.lodestone.schemas.topics.Topics;
import io.lodestone.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Licence compliance in the production topology, under TopologyTestDriver with serdes over an
 * in-memory registry.
 */
class LicenceComplianceTest {

    @TempDir Path stateDir;

    private TopologyTestDriver driver;
    private Topics topics;
    private TestInputTopic<String, Shipment> shipments;
    private TestInputTopic<String, License> licences;
    private TestInputTopic<String, byte[]> rawLicences;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<byte[], byte[]> dlq;
    private AvroSerdes serdes;

    @BeforeEach
    void start() {
        start(Map.of());
    }

    private void start(Map<String, String> extraSettings) {
        Map<String, String> settings =
                new java.util.HashMap<>(Map.of("license.join.grace", "PT1H"));
        settings.putAll(extraSettings);
        LodestoneConfig config = TestConfigs.forDriver(stateDir, settings);
        topics = config.topics();
        serdes = TestConfigs.inMemorySerdes();
        driver = TestConfigs.driver(config, serdes);
        Serde<Shipment> shipmentSerde = serdes.shipment();
        Serde<License> licenseSerde = serdes.license();
        Serde<Alert> alertSerde = serdes.alert();
        shipments =
                driver.createInputTopic(
                        topics.shipments(), new StringSerializer(), shipmentSerde.serializer());
        licences =
                driver.createInputTopic(
                        topics.licenses(), new StringSerializer(), licenseSerde.serializer());
        rawLicences =
                driver.createInputTopic(
                        topics.licenses(), new StringSerializer(), new ByteArraySerializer());
        alerts =
                driver.createOutputTopic(
                        topics.alerts(), new StringDeserializer(), alertSerde.deserializer());
        dlq =
                driver.createOutputTopic(
                        topics.dlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void licence(License l) {
        licences.pipeInput(l.getLicenseId(), l);
    }

    private void ship(Shipment s) {
        shipments.pipeInput(s.getShipmentId(), s);
    }

    /** Antimony CN→TH by the licensee, citing {@code licence}. */
    private static Shipment.Builder antimonyToThailand(
            String id, String time, double kg, String licence) {
        return shipment(id, time, "28258000", "CN", "CN", "TH", kg, 1000.0)
                .setExporterId("CN-EXP-1")
                .setLicenseId(licence);
    }

    /**
     * Moves the join's stream time (which only shipments advance) past the grace, so every buffered
     * shipment is judged: a compliant shipment under its own licence, itself left in the buffer.
     */
    private void tick(String time) {
        Instant at = Instant.parse(time);
        licence(
                antimony("TICK", 1, at.minusSeconds(3600).toString(), LicenseStatus.GRANTED)
                        .build());
        ship(antimonyToThailand("TICK-" + time, time, 1, "TICK").build());
    }

    private double shippedUnder(String licenseId) {
        Object usage = driver.getKeyValueStore(LicenceJudge.USAGE_STORE).get(licenseId);
        return usage == null ? 0 : ((LicenceUsage) usage).shippedKg();
    }

    /** The alerts so far, quota alerts included (walked on the wall clock: moved on here). */
    private List<Alert> alerts() {
        driver.advanceWallClockTime(LicenceJudge.QUOTA_INTERVAL);
        return alerts.readRecordsToList().stream().map(TestRecord::value).toList();
    }

    private static Map<String, String> typeByShipment(List<Alert> alerts) {
        return alerts.stream()
                .collect(Collectors.toMap(a -> a.getShipmentIds().get(0), Alert::getType));
    }

    @Test
    void aCompliantShipmentRaisesNothing() {
        licence(antimony("L1", 1, "2025-01-01T00:00:00Z", LicenseStatus.GRANTED).build());
        ship(antimonyToThailand("SHP-1", "2025-02-01T10:00:00Z", 10_000, "L1").build());
        tick("2025-02-02T00:00:00Z");
        assertThat(alerts()).isEmpty();
        assertThat(shippedUnder("L1")).isEqualTo(10_000.0);
    }

    @Test
    void aControlledExportWithoutLicenceIsCriticalAndUncontrolledOnesAreNot() {
        ship(antimonyToThailand("SHP-NONE", "2025-02-01T10:00:00Z", 18_500, null).build());
        ship(
                antimonyToThailand("SHP-BEFORE-RULE", "2024-09-01T10:00:00Z", 1_000, null)
                        .build()); // before 2024-09-15
        ship(
                antimonyToThailand("SHP-IMPORT", "2025-02-01T11:00:00Z", 1_000, null)
                        .setFlow(Flow.IMPORT)
                        .setReporter("TH")
                        .build());
        ship(
                shipment("SHP-AU", "2025-02-01T12:00:00Z", "28469000", "AU", "AU", "JP", 5_000, 1.0)
                        .build()); // not controlled
        ship(antimonyToThailand("SHP-GHOST", "2025-02-01T13:00:00Z", 2_000, "L-NOPE").build());
        tick("2025-02-02T00:00:00Z");

        List<Alert> raised = alerts();
        assertThat(typeByShipment(raised))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("SHP-NONE", "UNLICENSED_EXPORT", "SHP-GHOST", "UNLICENSED_EXPORT"));
        Alert none =
                raised.stream()
                        .filter(a -> a.getShipmentIds().contains("SHP-NONE"))
                        .findFirst()
                        .orElseThrow();
        assertThat(none.getAlertId()).isEqualTo("UNLICENSED_EXPORT:SHP-NONE");
        assertThat(none.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(none.getCommodity()).isEqualTo("antimony");
        assertThat(none.getEvidence()).containsEntry("netWeightKg", 18_500.0);
        assertThat(none.getDetails()).containsEntry("requiredSince", "2024-09-15");
        assertThat(none.getSummary())
                .contains("18.5 t of antimony exported CN→TH")
                .contains("without a licence");
    }

    @Test
    void aLicenceRevokedLaterDoesNotMakeAnEarlierShipmentIllegal() {
        licence(antimony("L1", 1, "2025-01-01T00:00:00Z", LicenseStatus.GRANTED).build());
        licence(antimony("L1", 2, "2025-06-01T00:00:00Z", LicenseStatus.REVOKED).build());
        // Declared four hours before the revocation, processed after it (within the 2-day grace):
        ship(antimonyToThailand("SHP-MAY", "2025-05-31T20:00:00Z", 1_000, "L1").build());
        ship(antimonyToThailand("SHP-JUNE", "2025-06-02T10:00:00Z", 1_000, "L1").build());
        tick("2025-06-03T00:00:00Z");

        // SHP-MAY was judged under revision 1 (valid): it used 1,000 kg of the licence and raised
        // nothing.
        assertThat(shippedUnder("L1")).isEqualTo(1_000.0);
        List<Alert> raised = alerts();
        assertThat(typeByShipment(raised))
                .containsExactlyEntriesOf(Map.of("SHP-JUNE", "LICENSE_NOT_VALID"));
        assertThat(raised.get(0).getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(raised.get(0).getDetails()).containsEntry("licenseStatus", "REVOKED");
        assertThat(raised.get(0).getEvidence()).containsEntry("licenseRevision", 2.0);
        assertThat(raised.get(0).getSummary()).contains("revoked at 2025-06-01T00:00:00Z");
    }

    @Test
    void aLicenceThatArrivesLateButTookEffectEarlierCoversTheShipment() {
        ship(antimonyToThailand("SHP-1", "2025-02-01T10:00:00Z", 1_000, "L-LATE").build());
        licence(antimony("L-LATE", 1, "2025-02-01T09:00:00Z", LicenseStatus.GRANTED).build());
        tick("2025-02-01T12:00:00Z");
        assertThat(alerts()).isEmpty();
        assertThat(shippedUnder("L-LATE")).isEqualTo(1_000.0);
    }

    /** The alert of {@code alerts} with id {@code id}, its last record. */
    private static Alert last(List<Alert> alerts, String id) {
        return alerts.stream()
                .filter(a -> a.getAlertId().equals(id))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no alert " + id + " in " + alerts));
    }

    @Test
    void aLicenceArrivingAfterItsShipmentWasJudgedWithdrawsTheUnlicensedAlert() {
        ship(antimonyToThailand("SHP-1", "2025-02-01T10:00:00Z", 1_000, "L-LATE").build());
        tick("2025-02-03T00:00:00Z");
        Alert unlicensed = last(alerts(), "UNLICENSED_EXPORT:SHP-1");
        assertThat(unlicensed.getDetails())
                .containsEntry("revision", "1")
                .doesNotContainKey("status");
        assertThat(shippedUnder("L-LATE")).isZero();

        licence(antimony("L-LATE", 1, "2025-01-15T00:00:00Z", LicenseStatus.GRANTED).build());

        List<Alert> revised = alerts();
        assertThat(revised)
                .extracting(Alert::getAlertId)
                .containsExactly("UNLICENSED_EXPORT:SHP-1");
        assertThat(revised.get(0).getDetails())
                .containsEntry("revision", "2")
                .containsEntry("status", "WITHDRAWN")
                .containsEntry("clearedBy", "L-LATE revision 1");
        assertThat(revised.get(0).getSummary())
                .startsWith(
                        "Withdrawn: licence L-LATE revision 1, which arrived after the shipment was"
                                + " judged, was in force at its time and clears it. Was: SHP-1:");
        assertThat(shippedUnder("L-LATE")).isEqualTo(1_000.0);

        // the same revision again, or one after the shipment, changes nothing
        licence(antimony("L-LATE", 1, "2025-01-15T00:00:00Z", LicenseStatus.GRANTED).build());
        licence(antimony("L-LATE", 2, "2025-02-02T00:00:00Z", LicenseStatus.REVOKED).build());
        assertThat(alerts()).isEmpty();
        assertThat(shippedUnder("L-LATE")).isEqualTo(1_000.0);
    }

    @Test
    void aLateLicenceThatDoesNotCoverTheDestinationTurnsTheUnlicensedAlertIntoAScopeViolation() {
        ship(antimonyToThailand("SHP-1", "2025-02-01T10:00:00Z", 1_000, "L-US").build());
        tick("2025-02-03T00:00:00Z");
        alerts();
        licence(
                antimony("L-US", 1, "2025-01-15T00:00:00Z", LicenseStatus.GRANTED)
                        .setPermittedDestinations(List.of("US"))
                        .build());
        List<Alert> revised = alerts();
        assertThat(revised)
                .extracting(
                        Alert::getAlertId,
                        a -> a.getDetails().get("revision"),
                        a -> a.getDetails().get("status"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "LICENSE_SCOPE_VIOLATION:SHP-1", "1", null),
                        org.assertj.core.groups.Tuple.tuple(
                                "UNLICENSED_EXPORT:SHP-1", "2", "WITHDRAWN"));
        assertThat(revised.get(0).getDetails().get("violations")).contains("destination TH");
        assertThat(shippedUnder("L-US")).isEqualTo(1_000.0);
    }

    @Test
    void aRevocationThatArrivesLateRaisesLicenceNotValidAndGivesBackTheQuota() {
        licence(antimony("L1", 1, "2025-01-01T00:00:00Z", LicenseStatus.GRANTED).build());
        ship(antimonyToThailand("SHP-1", "2025-02-01T10:00:00Z", 1_000, "L1").build());
        tick("2025-02-03T00:00:00Z");
        assertThat(alerts()).isEmpty();
        assertThat(shippedUnder("L1")).isEqualTo(1_000.0);

        licence(antimony("L1", 2, "2025-01-20T00:00:00Z", LicenseStatus.REVOKED).build());

        Alert notValid = last(alerts(), "LICENSE_NOT_VALID:SHP-1");
        assertThat(notValid.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(notValid.getDetails()).containsEntry("revision", "1");
        assertThat(notValid.getEvidence()).containsEntry("licenseRevision", 2.0);
        assertThat(shippedUnder("L1")).isZero();
    }

    @Test
    void anAmendmentIsJudgedAgainAndItsFormerFindingWithdrawnAndItsQuotaReplaced() {
        licence(antimony("L1", 1, "2025-01-01T00:00:00Z", LicenseStatus.GRANTED).build());
        Shipment toUs =
                antimonyToThailand("SHP-1", "2025-02-01T10:00:00Z", 1_000, "L1")
                        .setImportCountry("US")
                        .build();
        ship(toUs);
        tick("2025-02-03T00:00:00Z");
        assertThat(last(alerts(), "LICENSE_SCOPE_VIOLATION:SHP-1").getDetails())
                .containsEntry("revision", "1");
        assertThat(shippedUnder("L1")).isEqualTo(1_000.0);

        ship(
                Shipment.newBuilder(toUs)
                        .setRevision(2)
                        .setImportCountry("TH")
                        .setNetWeightKg(1_500)
                        .build());
        tick("2025-02-04T00:00:00Z");

        Alert withdrawn = last(alerts(), "LICENSE_SCOPE_VIOLATION:SHP-1");
        assertThat(withdrawn.getDetails())
                .containsEntry("revision", "2")
                .containsEntry("status", "WITHDRAWN")
                .containsEntry("clearedBy", "amendment of SHP-1");
        assertThat(withdrawn.getSummary())
                .startsWith(
                        "Withdrawn: an amendment of the shipment no longer shows this finding."
                                + " Was:");
        assertThat(withdrawn.getNetWeightKg())
                .as("the withdrawn finding's shipment")
                .isEqualTo(1_000.0);
        assertThat(shippedUnder("L1")).isEqualTo(1_500.0);
    }

    @Test
    void aLicenceArrivingAfterTheRevisionWindowLeavesTheAlertStanding() {
        stop();
        start(Map.of("license.revision.window", "P10D"));
        ship(antimonyToThailand("SHP-1", "2025-02-01T10:00:00Z", 1_000, "L-LATE").build());
        tick("2025-02-03T00:00:00Z");
        tick("2025-02-20T00:00:00Z");
        assertThat(alerts())
                .extracting(Alert::getAlertId)
                .containsExactly("UNLICENSED_EXPORT:SHP-1");
        licence(antimony("L-LATE", 1, "2025-01-15T00:00:00Z", LicenseStatus.GRANTED).build());
        assertThat(alerts()).isEmpty();
        assertThat(shippedUnder("L-LATE")).isZero();
    }

    @Test
    void aLicenceNotYetValidOrExpiredIsAWarning() {
        licence(
                antimony("L-FUTURE", 1, "2025-01-01T00:00:00Z", LicenseStatus.GRANTED)
                        .setValidFrom(Instant.parse("2025-03-01T00:00:00Z"))
                        .build());
        licence(
                antimony("L-OLD", 1, "2025-01-01T00:00:00Z", LicenseStatus.GRANTED)
                        .setValidTo(Instant.parse("2025-02-01T00:00:00Z"))
                        .build());
        ship(antimonyToThailand("SHP-EARLY", "2025-02-15T10:00:00Z", 1_000, "L-FUTURE").build());
        ship(antimonyToThailand("SHP-LATE", "2025-02-15T11:00:00Z", 1_000, "L-OLD").build());
        tick("2025-02-16T00:00:00Z");

        List<Alert> raised = alerts();
        assertThat(typeByShipment(raised))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("SHP-EARLY", "LICENSE_NOT_VALID", "SHP-LATE", "LICENSE_NOT_VALID"));
        assertThat(raised).allSatisfy(a -> assertThat(a.getSeverity()).isEqualTo(Severity.WARNING));
        assertThat(raised)
                .anySatisfy(
                        a ->
                                assertThat(a.getSummary())
                                        .contains("not valid until 2025-03-01T00:00:00Z"));
        assertThat(raised)
                .anySatisfy(
                        a ->
                                assertThat(a.getSummary())
                                        .contains("valid only until 2025-02-01T00:00:00Z"));
    }

    @Test
    void eachScopeBreachIsNamedAndAMilitaryEndUseIsCritical() {
        licence(
                antimony("L1", 1, "2025-01-01T00:00:00Z", LicenseStatus.GRANTED)
                        .setPermittedEndUsers(List.of("Siam Antimony Trading Co., Ltd."))
                        .build());
        ship(
                antimonyToThailand("SHP-OK", "2025-02-01T08:00:00Z", 1_000, "L1")
                        .setConsigneeName("SIAM ANTIMONY TRADING CO LTD")
                        .build());
        ship(
                antimonyToThailand("SHP-US", "2025-02-01T09:00:00Z", 1_000, "L1")
                        .setImportCountry("US")
                        .setConsigneeName("Siam Antimony Trading")
                        .build());
        ship(
                antimonyToThailand("SHP-MIL", "2025-02-01T10:00:00Z", 1_000, "L1")
                        .setConsigneeName("Siam Antimony Trading Co Ltd")
                        .setEndUse(EndUse.MILITARY)
                        .build());
        ship(
                antimonyToThailand("SHP-WHO", "2025-02-01T11:00:00Z", 1_000, "L1")
                        .setExporterId("CN-EXP-9")
                        .setEndUserName("Bangkok Arms Ltd")
                        .build());
        ship(
                antimonyToThailand("SHP-HS", "2025-02-01T12:00:00Z", 1_000, "L1")
                        .setHsCode("26171000")
                        .setConsigneeName("Siam Antimony Trading Co., Ltd.")
                        .build());
        tick("2025-02-02T00:00:00Z");

        Map<String, Alert> byShipment =
                alerts().stream().collect(Collectors.toMap(a -> a.getShipmentIds().get(0), a -> a));
        assertThat(byShipment).containsOnlyKeys("SHP-US", "SHP-MIL", "SHP-WHO", "SHP-HS");
        assertThat(byShipment.values())
                .allSatisfy(a -> assertThat(a.getType()).isEqualTo("LICENSE_SCOPE_VIOLATION"));
        assertThat(byShipment.get("SHP-US").getDetails().get("violations"))
                .isEqualTo("destination US not permitted [TH, MX]");
        assertThat(byShipment.get("SHP-US").getSeverity()).isEqualTo(Severity.WARNING);
        assertThat(byShipment.get("SHP-MIL").getDetails().get("violations"))
                .isEqualTo("end use MILITARY not permitted");
        assertThat(byShipment.get("SHP-MIL").getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(byShipment.get("SHP-WHO").getDetails().get("violations"))
                .isEqualTo(
                        "exporter CN-EXP-9 is not the licensee CN-EXP-1; end user 'Bangkok Arms"
                                + " Ltd' not permitted [Siam Antimony Trading Co., Ltd.]");
        assertThat(byShipment.get("SHP-HS").getDetails().get("violations"))
                .isEqualTo("HS code 26171000 not covered [8110, 282580]");
    }

    @Test
    void
            theQuotaAlertFiresOnceOnTheCrossingShipmentWithTheExactOvershootAndReSentDeclarationsDoNotCount() {
        licence(
                antimony("L1", 1, "2025-01-01T00:00:00Z", LicenseStatus.GRANTED)
                        .setQuantityLimitKg(50_000.0)
                        .build());
        Shipment second = antimonyToThailand("SHP-2", "2025-02-02T10:00:00Z", 20_000, "L1").build();
        ship(antimonyToThailand("SHP-1", "2025-02-01T10:00:00Z", 20_000, "L1").build());
        ship(second);
        ship(second); // re-sent: must not use quota
        ship(
                antimonyToThailand("SHP-3", "2025-02-03T10:00:00Z", 15_000, "L1")
                        .build()); // 55 t: crosses by 5 t
        ship(
                antimonyToThailand("SHP-4", "2025-02-04T10:00:00Z", 5_000, "L1")
                        .build()); // already reported
        tick("2025-02-05T00:00:00Z");

        List<Alert> raised = alerts();
        assertThat(raised).hasSize(1);
        Alert quota = raised.get(0);
        assertThat(quota.getAlertId()).isEqualTo("LICENSE_QUOTA_EXCEEDED:SHP-3");
        assertThat(quota.getEvidence())
                .containsEntry("quantityLimitKg", 50_000.0)
                .containsEntry("cumulativeKg", 55_000.0)
                .containsEntry("overshootKg", 5_000.0);
        assertThat(quota.getSummary())
                .isEqualTo(
                        "SHP-3 takes licence L1 past its 50,000 kg limit by 5,000 kg (55,000 kg"
                                + " shipped under it).");
    }

    @Test
    void aShipmentThatComesLateMovesTheQuotaCrossingToTheShipmentThatMakesItInEventTimeOrder() {
        licence(
                antimony("L1", 1, "2025-01-01T00:00:00Z", LicenseStatus.GRANTED)
                        .setQuantityLimitKg(50_000.0)
                        .build());
        ship(antimonyToThailand("SHP-1", "2025-02-01T10:00:00Z", 20_000, "L1").build());
        ship(antimonyToThailand("SHP-3", "2025-02-03T10:00:00Z", 20_000, "L1").build());
        ship(antimonyToThailand("SHP-4", "2025-02-04T10:00:00Z", 15_000, "L1").build());
        tick("2025-02-05T00:00:00Z");
        assertThat(alerts())
                .extracting(Alert::getAlertId)
                .containsExactly("LICENSE_QUOTA_EXCEEDED:SHP-4");

        ship(antimonyToThailand("SHP-2", "2025-02-02T10:00:00Z", 20_000, "L1").build());
        tick("2025-02-06T00:00:00Z");

        List<Alert> revised = alerts();
        assertThat(revised)
                .extracting(
                        Alert::getAlertId,
                        a -> a.getDetails().get("revision"),
                        a -> a.getDetails().get("status"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "LICENSE_QUOTA_EXCEEDED:SHP-3", "1", null),
                        org.assertj.core.groups.Tuple.tuple(
                                "LICENSE_QUOTA_EXCEEDED:SHP-4", "2", "WITHDRAWN"));
        assertThat(revised.get(0).getEvidence())
                .containsEntry("cumulativeKg", 60_000.0)
                .containsEntry("overshootKg", 10_000.0);
        assertThat(shippedUnder("L1")).isEqualTo(75_000.0);
    }

    @Test
    void aJudgementWhoseWindowPassedStaysOpenWhileAnEarlierShipmentFiledLateIsOpen() {
        stop();
        start(Map.of("license.revision.window", "P20D"));
        licence(
                antimony("L1", 1, "2025-01-01T00:00:00Z", LicenseStatus.GRANTED)
                        .setQuantityLimitKg(35_000.0)
                        .build());
        ship(antimonyToThailand("SHP-A", "2025-02-01T10:00:00Z", 20_000, "L1").build());
        tick("2025-02-01T12:00:00Z"); // judged now: open until 2025-02-21T12:00
        tick("2025-02-15T00:00:00Z");
        // filed three weeks late: open until 2025-03-07
        ship(antimonyToThailand("SHP-B", "2025-01-25T10:00:00Z", 10_000, "L1").build());
        for (int day = 16; day <= 28; day += 2) {
            tick("2025-02-" + day + "T00:00:00Z"); // SHP-A's window passes, a weekly close runs
        }
        assertThat(alerts()).isEmpty(); // 30 t of 35

        // filed a month late, between SHP-B and SHP-A: in event-time order SHP-A crosses the limit
        ship(antimonyToThailand("SHP-D", "2025-01-28T10:00:00Z", 6_000, "L1").build());
        tick("2025-03-02T00:00:00Z");

        assertThat(alerts())
                .as(
                        "SHP-A stayed open behind SHP-B, so the walk starts before SHP-B, not after"
                                + " SHP-A")
                .extracting(Alert::getAlertId)
                .containsExactly("LICENSE_QUOTA_EXCEEDED:SHP-A");
        assertThat(shippedUnder("L1")).isEqualTo(36_000.0);
    }

    @Test
    void anAmendedLowerQuotaIsJudgedFromTheAmendmentOn() {
        licence(
                antimony("L1", 1, "2025-01-01T00:00:00Z", LicenseStatus.GRANTED)
                        .setQuantityLimitKg(50_000.0)
                        .build());
        ship(antimonyToThailand("SHP-1", "2025-02-01T10:00:00Z", 20_000, "L1").build());
        ship(
                antimonyToThailand("SHP-2", "2025-02-05T10:00:00Z", 20_000, "L1")
                        .build()); // 40 t under the 50 t revision
        licence(
                antimony("L1", 2, "2025-02-10T00:00:00Z", LicenseStatus.AMENDED)
                        .setQuantityLimitKg(30_000.0)
                        .build());
        ship(
                antimonyToThailand("SHP-3", "2025-02-11T10:00:00Z", 1_000, "L1")
                        .build()); // 41 t under the 30 t revision
        tick("2025-02-12T00:00:00Z");

        List<Alert> raised = alerts();
        assertThat(raised)
                .extracting(Alert::getAlertId)
                .containsExactly("LICENSE_QUOTA_EXCEEDED:SHP-3");
        assertThat(raised.get(0).getEvidence())
                .containsEntry("overshootKg", 11_000.0)
                .containsEntry("licenseRevision", 2.0);
    }

    @Test
    void badLicenceContentGoesToTheDlqWithItsReason() {
        // TopologyTestDriver's exactly-once emulation drops what a deserialization handler sends
        // (see LodestoneTopologyTest).
        driver.close();
        start(Map.of("processing.guarantee", "at_least_once"));
        License valid = antimony("L-BAD", 1, "2025-01-01T00:00:00Z", LicenseStatus.GRANTED).build();
        licence(
                License.newBuilder(valid)
                        .setLicenseId("L-DATES")
                        .setValidTo(Instant.parse("2024-12-01T00:00:00Z"))
                        .build());
        licence(License.newBuilder(valid).setLicenseId("L-EMPTY").setHsCodes(List.of()).build());
        rawLicences.pipeInput("L-PENDING", withUnknownStatus(valid, "PENDING"));

        Map<String, String> reasons =
                dlq.readRecordsToList().stream()
                        .collect(
                                Collectors.toMap(
                                        r -> new String(r.key(), StandardCharsets.UTF_8),
                                        r ->
                                                new String(
                                                        r.headers()
                                                                .lastHeader(DlqHeaders.REASON)
                                                                .value(),
                                                        StandardCharsets.UTF_8)));
        assertThat(reasons)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "L-DATES",
                                "INVALID_VALIDITY",
                                "L-EMPTY",
                                "EMPTY_HS_LIST",
                                "L-PENDING",
                                "INVALID_AVRO"));
    }

    /** The bytes a producer with a newer schema (one more status symbol) would write. */
    private byte[] withUnknownStatus(License valid, String status) {
        Schema schema =
                new Schema.Parser()
                        .parse(
                                License.getClassSchema()
                                        .toString()
                                        .replace(
                                                "\"EXPIRED\"]", "\"EXPIRED\",\"" + status + "\"]"));
        GenericRecord record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            Object value = valid.get(field.name());
            if (value instanceof Instant instant) {
                value = instant.toEpochMilli();
            } else if (value instanceof Enum<?> e) {
                value = new GenericData.EnumSymbol(field.schema(), e.name());
            }
            record.put(field.name(), value);
        }
        record.put("licenseId", "L-PENDING");
        record.put(
                "status", new GenericData.EnumSymbol(schema.getField("status").schema(), status));
        return RegistrySerdes.<GenericRecord>valueSerializer(serdes.registry())
                .serialize(topics.licenses(), record);
    }
}
