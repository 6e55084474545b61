package io.lodestone.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.avro.Alert;
import io.lodestone.avro.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which case a substituted code joins: the exporter's, or the pair's when found in a flow. */
class CaseSubjectTest {

    private static Alert substitution(String alertId, String exporterId) {
        Instant at = Instant.parse("2025-03-01T00:00:00Z");
        return Alert.newBuilder()
                .setAlertId(alertId)
                .setType("HS_SUBSTITUTION_SUSPECTED")
                .setSeverity(Severity.WARNING)
                .setCommodity("antimony")
                .setOriginCountry("CN")
                .setExportCountry("CN")
                .setImportCountry("TH")
                .setWindowStart(at)
                .setWindowEnd(at)
                .setDetectedAt(at)
                .setSummary("s")
                .setShipmentIds(List.of())
                .setExporterId(exporterId)
                .build();
    }

    @Test
    void aSubstitutedCodeInADeclarationJoinsItsExportersCase() {
        assertThat(
                        CaseSubject.of(
                                        substitution(
                                                "HS_SUBSTITUTION_SUSPECTED:CN-EXP-0005:282590:2025-01",
                                                "CN-EXP-0005"))
                                .caseId())
                .isEqualTo("LICENCE:antimony:exporter=CN-EXP-0005");
    }

    @Test
    void aSubstitutedCodeInARoutesFlowJoinsThePairsCase() {
        CaseSubject subject =
                CaseSubject.of(
                        substitution(
                                "HS_SUBSTITUTION_SUSPECTED:antimony|CN|TH|282590:2024-12", null));
        assertThat(subject.caseId()).isEqualTo("REROUTING:antimony:pair=CN>TH");
        assertThat(subject.description()).isEqualTo("CN→TH");
    }
}
