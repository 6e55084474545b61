package io.lodestone.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.avro.Alert;
import io.lodestone.avro.Case;
import io.lodestone.avro.CaseAction;
import io.lodestone.avro.CaseDecision;
import io.lodestone.avro.CaseHistoryEntry;
import io.lodestone.avro.CaseStatus;
import io.lodestone.avro.Severity;
import io.lodestone.ingest.InvalidRecordException;
import io.lodestone.schemas.dlq.DlqReason;
import io.lodestone.schemas.registry.InMemorySchemaRegistry;
import io.lodestone.schemas.registry.RegistrySerdes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class CaseFileTest {

    private static final String CASE = "LICENCE:antimony:exporter=CN-EXP-4";

    private static Alert unlicensed(String shipmentId, String day, Severity severity, double kg) {
        Instant at = Instant.parse(day + "T10:00:00Z");
        return Alert.newBuilder()
                .setAlertId("UNLICENSED_EXPORT:" + shipmentId)
                .setType("UNLICENSED_EXPORT")
                .setSeverity(severity)
                .setCommodity("antimony")
                .setOriginCountry("CN")
                .setExportCountry("CN")
                .setImportCountry("US")
                .setWindowStart(at)
                .setWindowEnd(at.plusSeconds(86_400))
                .setDetectedAt(at)
                .setSummary("s")
                .setShipmentIds(List.of(shipmentId))
                .setExporterId("CN-EXP-4")
                .setNetWeightKg(kg)
                .setValueUsd(kg * 10)
                .build();
    }

    /**
     * Alerts through CaseFile as the processor feeds them: with each alert's earlier contribution
     * and the latest ones.
     */
    private static Case replay(Case start, List<Alert> alerts) {
        Map<String, AlertContribution> contributions = new HashMap<>();
        Case c = start;
        for (Alert a : alerts) {
            Case current = c;
            List<AlertContribution> latest =
                    current == null
                            ? List.of()
                            : current.getLatestAlertIds().stream()
                                    .map(contributions::get)
                                    .filter(java.util.Objects::nonNull)
                                    .toList();
            Case next = CaseFile.add(current, a, contributions.get(a.getAlertId()), latest);
            if (next != null) {
                c = next;
                contributions.put(a.getAlertId(), AlertContribution.of(a));
            }
        }
        return c;
    }

    /** {@code alert} as its revision {@code revision}, withdrawn or not. */
    private static Alert revision(Alert alert, int revision, boolean withdrawn) {
        Map<String, String> details = new HashMap<>(Map.of("revision", String.valueOf(revision)));
        if (withdrawn) {
            details.put("status", "WITHDRAWN");
        }
        return Alert.newBuilder(alert)
                .setDetails(details)
                .setSummary(withdrawn ? "Withdrawn: licence L1 revision 1 clears it." : "s")
                .build();
    }

    private static CaseDecision decision(
            String id, CaseAction action, String at, String until, String reason) {
        return CaseDecision.newBuilder()
                .setDecisionId(id)
                .setCaseId(CASE)
                .setAction(action)
                .setDecidedBy("ana@customs.example")
                .setReason(reason)
                .setDecidedAt(Instant.parse(at))
                .setSuppressUntil(until == null ? null : Instant.parse(until))
                .build();
    }

    @Test
    void theFirstAlertOpensTheCaseAndLaterOnesAddUpWithAnEpisodesRevisionCountedOnce() {
        Case c =
                replay(
                        null,
                        List.of(
                                unlicensed("S1", "2025-01-03", Severity.WARNING, 1_000),
                                unlicensed("S2", "2025-01-05", Severity.CRITICAL, 2_500),
                                unlicensed(
                                        "S1",
                                        "2025-01-03",
                                        Severity.WARNING,
                                        1_200))); // S1 again, revised

        assertThat(c.getCaseId()).isEqualTo(CASE);
        assertThat(c.getStatus()).isEqualTo(CaseStatus.OPEN);
        assertThat(c.getAlertCount()).isEqualTo(2);
        assertThat(c.getAlertCountByType()).containsExactly(Map.entry("UNLICENSED_EXPORT", 2L));
        assertThat(c.getNetWeightKg()).isEqualTo(3_700.0);
        assertThat(c.getValueUsd()).isEqualTo(37_000.0);
        assertThat(c.getHighestSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(c.getSeverity())
                .as("the deprecated string, for readers of version 1")
                .isEqualTo("CRITICAL");
        assertThat(c.getFirstEventTime()).isEqualTo(Instant.parse("2025-01-03T10:00:00Z"));
        assertThat(c.getLastEventTime()).isEqualTo(Instant.parse("2025-01-05T10:00:00Z"));
        assertThat(c.getLatestAlertIds())
                .containsExactly("UNLICENSED_EXPORT:S2", "UNLICENSED_EXPORT:S1");
        assertThat(c.getLatestShipmentIds()).containsExactly("S2", "S1");
        assertThat(c.getSummary())
                .isEqualTo(
                        "exporter CN-EXP-4: 2 antimony alerts (UNLICENSED_EXPORT 2), 3.7 t, USD"
                                + " 37,000, 2025-01-03 to 2025-01-05; CRITICAL, OPEN.");
    }

    @Test
    void aCaseWrittenByVersionOneReadsWithItsSeverityAndGainsTheEnumOnItsNextAlert()
            throws Exception {
        Schema v1 =
                new Schema.Parser()
                        .parse(Path.of("..", "schemas", "released", "Case", "v1.avsc").toFile());
        Case critical =
                replay(null, List.of(unlicensed("S1", "2025-01-03", Severity.CRITICAL, 1_000)));
        // The case as version 1 wrote it: severity as a string, no highestSeverity.
        GenericRecord old = new GenericData.Record(v1);
        for (Schema.Field field : v1.getFields()) {
            Object value = critical.get(Case.getClassSchema().getField(field.name()).pos());
            old.put(
                    field.name(),
                    value instanceof Instant i
                            ? i.toEpochMilli()
                            : value instanceof CaseStatus status
                                    ? new GenericData.EnumSymbol(field.schema(), status.name())
                                    : value);
        }
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        byte[] bytes =
                RegistrySerdes.<GenericRecord>valueSerializer(registry).serialize("cases", old);
        Case read =
                RegistrySerdes.<Case>valueSerde(registry)
                        .deserializer()
                        .deserialize("cases", bytes);

        assertThat(read.getHighestSeverity()).isNull();
        assertThat(CaseFile.severity(read)).isEqualTo(Severity.CRITICAL);
        Case next =
                CaseFile.add(
                        read,
                        unlicensed("S2", "2025-01-04", Severity.WARNING, 10),
                        null,
                        List.of());
        assertThat(next.getHighestSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(next.getSeverity()).isEqualTo("CRITICAL");
    }

    @Test
    void everyArrivalOrderGivesTheSameCase() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            alerts.add(
                    unlicensed(
                            "S" + i,
                            String.format("2025-02-%02d", 1 + i % 28),
                            i % 7 == 0 ? Severity.CRITICAL : Severity.WARNING,
                            100 * i));
        }
        Case inOrder = replay(null, alerts);
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            List<Alert> shuffled = new ArrayList<>(alerts);
            Collections.shuffle(shuffled, random);
            assertThat(replay(null, shuffled)).isEqualTo(inOrder);
        }
        assertThat(inOrder.getAlertCount()).isEqualTo(25);
        assertThat(inOrder.getLatestAlertIds()).hasSize(CaseFile.MAX_LATEST_ALERTS);
    }

    @Test
    void
            acknowledgeSetsTheStatusAndTheFirstAcknowledgementTimeAndARepeatedDecisionChangesNothing() {
        Case open = replay(null, List.of(unlicensed("S1", "2025-01-03", Severity.WARNING, 1_000)));
        Case acked =
                CaseFile.decide(
                        open,
                        decision("d1", CaseAction.ACKNOWLEDGE, "2025-01-04T09:00:00Z", null, null));
        assertThat(acked.getStatus()).isEqualTo(CaseStatus.ACKNOWLEDGED);
        assertThat(acked.getAcknowledgedAt()).isEqualTo(Instant.parse("2025-01-04T09:00:00Z"));
        assertThat(acked.getDecisions())
                .extracting(
                        CaseHistoryEntry::getDecisionId,
                        CaseHistoryEntry::getAction,
                        CaseHistoryEntry::getDecidedBy)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "d1", "ACKNOWLEDGE", "ana@customs.example"));
        assertThat(
                        CaseFile.decide(
                                acked,
                                decision(
                                        "d1",
                                        CaseAction.ACKNOWLEDGE,
                                        "2025-01-04T09:00:00Z",
                                        null,
                                        null)))
                .isSameAs(acked);
        // An alert on an acknowledged case adds to it and leaves it acknowledged.
        assertThat(
                        replay(
                                        acked,
                                        List.of(
                                                unlicensed(
                                                        "S2", "2025-01-06", Severity.CRITICAL, 10)))
                                .getStatus())
                .isEqualTo(CaseStatus.ACKNOWLEDGED);
    }

    @Test
    void aSuppressedCaseReopensOnAMoreSevereAlertOrAnAlertAfterTheSuppressionEnds() {
        Case open = replay(null, List.of(unlicensed("S1", "2025-01-03", Severity.WARNING, 1_000)));
        Case suppressed =
                CaseFile.decide(
                        open,
                        decision(
                                "d1",
                                CaseAction.SUPPRESS,
                                "2025-01-04T09:00:00Z",
                                "2025-02-01T00:00:00Z",
                                "known exporter, licence renewal pending"));
        assertThat(suppressed.getStatus()).isEqualTo(CaseStatus.SUPPRESSED);
        assertThat(suppressed.getSuppressedUntil())
                .isEqualTo(Instant.parse("2025-02-01T00:00:00Z"));

        Case sameSeverityDuring =
                replay(suppressed, List.of(unlicensed("S2", "2025-01-20", Severity.WARNING, 10)));
        assertThat(sameSeverityDuring.getStatus()).isEqualTo(CaseStatus.SUPPRESSED);
        assertThat(sameSeverityDuring.getAlertCount()).isEqualTo(2);

        Case moreSevere =
                replay(suppressed, List.of(unlicensed("S3", "2025-01-21", Severity.CRITICAL, 10)));
        assertThat(moreSevere.getStatus()).isEqualTo(CaseStatus.OPEN);
        assertThat(moreSevere.getSuppressedUntil()).isNull();
        CaseHistoryEntry reopening =
                moreSevere.getDecisions().get(moreSevere.getDecisions().size() - 1);
        assertThat(reopening.getDecidedBy()).isEqualTo("lodestone");
        assertThat(reopening.getReason())
                .isEqualTo(
                        "a CRITICAL alert (UNLICENSED_EXPORT:S3) on a WARNING case while"
                                + " suppressed");

        Case after =
                replay(suppressed, List.of(unlicensed("S4", "2025-02-01", Severity.WARNING, 10)));
        assertThat(after.getStatus()).isEqualTo(CaseStatus.OPEN);
        assertThat(after.getDecisions().get(after.getDecisions().size() - 1).getReason())
                .isEqualTo(
                        "an alert (UNLICENSED_EXPORT:S4) after the suppression ended on"
                                + " 2025-02-01");
    }

    @Test
    void aClosedCaseReopensOnANewAlertButNotOnAnUpdateOfOneItHas() {
        Alert first = unlicensed("S1", "2025-01-03", Severity.WARNING, 1_000);
        Map<String, AlertContribution> contributions =
                Map.of(first.getAlertId(), AlertContribution.of(first));
        Case closed =
                CaseFile.decide(
                        replay(null, List.of(first)),
                        decision(
                                "d1",
                                CaseAction.CLOSE,
                                "2025-01-04T09:00:00Z",
                                null,
                                "licence found"));
        assertThat(closed.getStatus()).isEqualTo(CaseStatus.CLOSED);

        Case updated =
                CaseFile.add(
                        closed,
                        unlicensed("S1", "2025-01-03", Severity.WARNING, 900),
                        contributions.get(first.getAlertId()),
                        List.copyOf(contributions.values()));
        assertThat(updated.getStatus()).isEqualTo(CaseStatus.CLOSED);
        assertThat(updated.getNetWeightKg()).isEqualTo(900.0);

        Case reopened =
                CaseFile.add(
                        closed,
                        unlicensed("S9", "2025-03-01", Severity.WARNING, 5),
                        null,
                        List.copyOf(contributions.values()));
        assertThat(reopened.getStatus()).isEqualTo(CaseStatus.OPEN);
        Case reopenedByHand =
                CaseFile.decide(
                        closed,
                        decision("d2", CaseAction.REOPEN, "2025-01-05T09:00:00Z", null, null));
        assertThat(reopenedByHand.getStatus()).isEqualTo(CaseStatus.OPEN);
        assertThat(reopenedByHand.getDecisions())
                .extracting(CaseHistoryEntry::getAction)
                .containsExactly("CLOSE", "REOPEN");
    }

    @Test
    void aWithdrawnAlertNoLongerCountsAndACaseWhoseAlertsAreAllWithdrawnClosesItself() {
        Alert s1 = unlicensed("S1", "2025-02-01", Severity.CRITICAL, 1_000);
        Alert s2 = unlicensed("S2", "2025-02-02", Severity.WARNING, 500);
        List<Alert> alerts = new ArrayList<>(List.of(s1, s2, revision(s1, 2, true)));

        Case one = replay(null, alerts);
        assertThat(one.getAlertCount()).isEqualTo(1);
        assertThat(one.getAlertCountByType())
                .containsExactlyEntriesOf(Map.of("UNLICENSED_EXPORT", 1L));
        assertThat(one.getNetWeightKg()).isEqualTo(500.0);
        assertThat(one.getValueUsd()).isEqualTo(5_000.0);
        assertThat(one.getLatestAlertIds()).containsExactly("UNLICENSED_EXPORT:S2");
        assertThat(one.getStatus()).isEqualTo(CaseStatus.OPEN);

        alerts.add(revision(s2, 2, true));
        Case none = replay(null, alerts);
        assertThat(none.getStatus()).isEqualTo(CaseStatus.CLOSED);
        assertThat(none.getAlertCount()).isZero();
        assertThat(none.getAlertCountByType()).isEmpty();
        assertThat(none.getNetWeightKg()).isZero();
        assertThat(none.getLatestAlertIds()).isEmpty();
        CaseHistoryEntry closing = none.getDecisions().get(none.getDecisions().size() - 1);
        assertThat(closing.getAction()).isEqualTo("CLOSE");
        assertThat(closing.getDecidedBy()).isEqualTo("lodestone");
        assertThat(closing.getReason())
                .startsWith(
                        "every alert of the case is withdrawn, the last UNLICENSED_EXPORT:S2"
                                + " (revision 2): Withdrawn: licence L1 revision 1");
        // a withdrawal repeated (a replay) changes nothing more
        alerts.add(revision(s2, 2, true));
        assertThat(replay(null, alerts)).isEqualTo(none);

        alerts.add(revision(s1, 3, false));
        Case again = replay(null, alerts);
        assertThat(again.getStatus()).isEqualTo(CaseStatus.OPEN);
        assertThat(again.getAlertCount()).isEqualTo(1);
        assertThat(again.getNetWeightKg()).isEqualTo(1_000.0);
        assertThat(again.getDecisions())
                .extracting(CaseHistoryEntry::getAction)
                .containsExactly("CLOSE", "REOPEN");
    }

    @Test
    void aWithdrawalOfAnAlertNoCaseHoldsOpensNone() {
        assertThat(
                        CaseFile.add(
                                null,
                                revision(
                                        unlicensed("S1", "2025-02-01", Severity.WARNING, 1),
                                        2,
                                        true),
                                null,
                                List.of()))
                .isNull();
    }

    @Test
    void aDecisionThatCannotApplyIsRefusedSayingWhy() {
        Case open = replay(null, List.of(unlicensed("S1", "2025-01-03", Severity.WARNING, 1_000)));
        assertRefused(
                open,
                decision("d1", CaseAction.SUPPRESS, "2025-01-04T09:00:00Z", null, "why"),
                "INVALID_DECISION: decision d1 on "
                        + CASE
                        + ": SUPPRESS needs suppressUntil, the end of the suppression");
        assertRefused(
                open,
                decision(
                        "d2",
                        CaseAction.SUPPRESS,
                        "2025-01-04T09:00:00Z",
                        "2025-01-01T00:00:00Z",
                        "why"),
                "INVALID_DECISION: decision d2 on "
                        + CASE
                        + ": suppressUntil 2025-01-01T00:00:00Z is not after decidedAt"
                        + " 2025-01-04T09:00:00Z");
        assertRefused(
                open,
                decision("d3", CaseAction.CLOSE, "2025-01-04T09:00:00Z", null, " "),
                "INVALID_DECISION: decision d3 on " + CASE + ": CLOSE needs a reason");
        CaseDecision nobody =
                decision("d4", CaseAction.ACKNOWLEDGE, "2025-01-04T09:00:00Z", null, null);
        nobody.setDecidedBy("");
        assertRefused(
                open,
                nobody,
                "INVALID_DECISION: decision d4 on "
                        + CASE
                        + ": decidedBy is empty: say who decided");
    }

    private static void assertRefused(Case c, CaseDecision d, String message) {
        assertThatThrownBy(() -> CaseFile.decide(c, d))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage(message)
                .extracting(e -> ((InvalidRecordException) e).reason())
                .isEqualTo(DlqReason.INVALID_DECISION);
    }
}
