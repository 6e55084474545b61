package io.lodestone.licensing;

import static io.lodestone.testing.Licences.antimony;
import static io.lodestone.testing.Shipments.shipment;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.avro.Alert;
import io.lodestone.avro.EndUse;
import io.lodestone.avro.License;
import io.lodestone.avro.LicenseStatus;
import io.lodestone.avro.Severity;
import io.lodestone.avro.Shipment;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.state.ShipmentFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The licence rules alone: a shipment, the licence revision in force, the usage so far; no
 * topology, no registry.
 */
class LicenceRulesTest {

    private final LicenceRules judge =
            new LicenceRules(LodestoneConfig.of(Map.of()).referenceData().catalogue());

    /** A shipment's alerts, and its licence's usage after it (null: it uses none). */
    private record Outcome(List<Alert> alerts, LicenceUsage usage) {}

    /**
     * The findings, then the quota when the shipment uses it, as the processor applies them; the
     * judge sees a shipment's facts, as the by-licence repartition carries them.
     */
    private Outcome judge(String licenseId, Shipment s, License l, LicenceUsage before) {
        ShipmentFacts facts = ShipmentFacts.of(s);
        LicenceRules.Judgement judgement = judge.judge(licenseId, facts, l);
        List<Alert> alerts = new ArrayList<>();
        judgement.findings().forEach(f -> alerts.add(f.alert(facts, "antimony", licenseId)));
        if (!judgement.usesQuota()) {
            return new Outcome(alerts, null);
        }
        LicenceRules.Quota quota = judge.quota(licenseId, facts, l, before);
        if (quota.exceeded() != null) {
            alerts.add(quota.exceeded().alert(facts, "antimony", licenseId));
        }
        return new Outcome(alerts, quota.usage());
    }

    private static Shipment.Builder antimonyToThailand(String id, double kg) {
        return shipment(id, "2025-03-01T10:00:00Z", "28258000", "CN", "CN", "TH", kg, 1000.0)
                .setExporterId("CN-EXP-1")
                .setLicenseId("L1");
    }

    @Test
    void aCitedLicenceThatDidNotExistIsAnUnlicensedExportAndUsesNoQuota() {
        Outcome j = judge("L1", antimonyToThailand("S1", 500).build(), null, LicenceUsage.NONE);
        assertThat(j.alerts())
                .extracting(Alert::getType, Alert::getSeverity)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "UNLICENSED_EXPORT", Severity.CRITICAL));
        assertThat(j.alerts().get(0).getDetails()).containsEntry("citedLicenseId", "L1");
        assertThat(j.usage()).isNull();
    }

    @Test
    void aRevokedLicenceIsCriticalAnExpiredOneAWarning() {
        Alert revoked =
                judge(
                                "L1",
                                antimonyToThailand("S1", 500).build(),
                                antimony("L1", 2, "2025-02-01T00:00:00Z", LicenseStatus.REVOKED)
                                        .build(),
                                LicenceUsage.NONE)
                        .alerts()
                        .get(0);
        assertThat(revoked.getType()).isEqualTo("LICENSE_NOT_VALID");
        assertThat(revoked.getSeverity()).isEqualTo(Severity.CRITICAL);
        Alert expired =
                judge(
                                "L1",
                                antimonyToThailand("S1", 500)
                                        .setEventTime(
                                                java.time.Instant.parse("2026-02-01T00:00:00Z"))
                                        .build(),
                                antimony("L1", 1, "2025-01-01T00:00:00Z", LicenseStatus.GRANTED)
                                        .build(),
                                LicenceUsage.NONE)
                        .alerts()
                        .get(0);
        assertThat(expired.getType()).isEqualTo("LICENSE_NOT_VALID");
        assertThat(expired.getSeverity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void aDestinationOutsideTheLicenceIsAWarningAMilitaryEndUseCritical() {
        Outcome toUs =
                judge(
                        "L1",
                        antimonyToThailand("S1", 500).setImportCountry("US").build(),
                        antimony("L1", 1, "2025-01-01T00:00:00Z", LicenseStatus.GRANTED).build(),
                        LicenceUsage.NONE);
        assertThat(toUs.alerts())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.getType()).isEqualTo("LICENSE_SCOPE_VIOLATION");
                            assertThat(a.getSeverity()).isEqualTo(Severity.WARNING);
                            assertThat(a.getDetails().get("violations")).contains("US");
                        });
        assertThat(toUs.usage()).isEqualTo(new LicenceUsage(500, Double.NaN));
        Alert military =
                judge(
                                "L1",
                                antimonyToThailand("S1", 500).setEndUse(EndUse.MILITARY).build(),
                                antimony("L1", 1, "2025-01-01T00:00:00Z", LicenseStatus.GRANTED)
                                        .build(),
                                LicenceUsage.NONE)
                        .alerts()
                        .get(0);
        assertThat(military.getSeverity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void theShipmentThatCrossesTheQuotaIsReportedOnceWithItsOvershoot() {
        var licence =
                antimony("L1", 1, "2025-01-01T00:00:00Z", LicenseStatus.GRANTED)
                        .setQuantityLimitKg(1_000.0)
                        .build();
        Outcome crossing =
                judge(
                        "L1",
                        antimonyToThailand("S2", 300).build(),
                        licence,
                        new LicenceUsage(800, Double.NaN));
        assertThat(crossing.alerts())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.getType()).isEqualTo("LICENSE_QUOTA_EXCEEDED");
                            assertThat(a.getEvidence())
                                    .containsEntry("overshootKg", 100.0)
                                    .containsEntry("cumulativeKg", 1_100.0);
                        });
        assertThat(crossing.usage()).isEqualTo(new LicenceUsage(1_100, 1_000));
        Outcome after =
                judge("L1", antimonyToThailand("S3", 50).build(), licence, crossing.usage());
        assertThat(after.alerts()).isEmpty();
        assertThat(after.usage()).isEqualTo(new LicenceUsage(1_150, 1_000));
    }
}
