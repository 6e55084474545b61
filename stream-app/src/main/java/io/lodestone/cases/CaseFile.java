package io.lodestone.cases;

import io.lodestone.alerts.Detail;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Case;
import io.lodestone.avro.CaseAction;
import io.lodestone.avro.CaseDecision;
import io.lodestone.avro.CaseHistoryEntry;
import io.lodestone.avro.CaseStatus;
import io.lodestone.avro.Severity;
import io.lodestone.ingest.InvalidRecordException;
import io.lodestone.schemas.dlq.DlqReason;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How a case changes: an alert adds to it (or opens it), a decision moves its status. Pure
 * functions of the case and the input, so each rule is tested alone; the figures do not depend on
 * the order alerts arrive in.
 *
 * <ul>
 *   <li>an alert on a SUPPRESSED case reopens it when it is more severe than the case was, or
 *       detected at or after the suppression's end;
 *   <li>a new alert (not an episode's update) on a CLOSED case reopens it, as does a withdrawn
 *       alert found again;
 *   <li>a withdrawn alert no longer counts, nor do its weight and value; a case whose alerts are
 *       all withdrawn closes itself, saying so in its history;
 *   <li>a decision already applied (same decisionId) changes nothing.
 * </ul>
 */
public final class CaseFile {

    static final int MAX_LATEST_ALERTS = 10;
    static final int MAX_LATEST_SHIPMENTS = 20;
    static final int MAX_HISTORY = 50;

    /** Who the history names when an alert, not an analyst, reopened a case. */
    static final String LODESTONE = "lodestone";

    /** How people see cases listed: most severe first, then the most recent, then by id. */
    public static final Comparator<Case> MOST_URGENT_FIRST =
            Comparator.comparing(CaseFile::severity)
                    .reversed()
                    .thenComparing(Case::getLastEventTime, Comparator.reverseOrder())
                    .thenComparing(Case::getCaseId);

    private CaseFile() {}

    /**
     * {@code current} (null: the alert opens the case) with {@code alert} added. {@code previous}:
     * what this alert contributed before (an earlier revision), or null; {@code latest}: the
     * contributions of the case's latest alerts. Null when a withdrawn alert would open a case.
     */
    public static Case add(
            Case current,
            Alert alert,
            AlertContribution previous,
            Collection<AlertContribution> latest) {
        CaseSubject subject = CaseSubject.of(alert);
        AlertContribution now = AlertContribution.of(alert);
        if (current == null && !now.standing()) {
            return null;
        }
        boolean wasStanding = previous != null && previous.standing();
        Case.Builder c =
                current == null
                        ? opened(subject, alert)
                        : Case.newBuilder(current).setHighestSeverity(severity(current));

        if (wasStanding != now.standing()) {
            long change = now.standing() ? 1 : -1;
            c.setAlertCount(c.getAlertCount() + change);
            Map<String, Long> byType = new TreeMap<>(c.getAlertCountByType());
            byType.merge(alert.getType(), change, (a, b) -> a + b == 0 ? null : a + b);
            c.setAlertCountByType(byType);
        }
        c.setNetWeightKg(
                AlertContribution.toGrams(
                        c.getNetWeightKg()
                                + (now.standing() ? now.netWeightKg() : 0)
                                - (wasStanding ? previous.netWeightKg() : 0)));
        c.setValueUsd(
                AlertContribution.toCents(
                        c.getValueUsd()
                                + (now.standing() ? now.valueUsd() : 0)
                                - (wasStanding ? previous.valueUsd() : 0)));
        c.setFirstEventTime(min(c.getFirstEventTime(), alert.getDetectedAt()));
        c.setLastEventTime(max(c.getLastEventTime(), alert.getDetectedAt()));

        Severity severityBefore = current == null ? alert.getSeverity() : severity(current);
        if (alert.getSeverity().compareTo(severityBefore) > 0) {
            setSeverity(c, alert.getSeverity());
        }

        List<AlertContribution> newest =
                new ArrayList<>(
                        latest.stream().filter(l -> !l.alertId().equals(now.alertId())).toList());
        if (now.standing()) {
            newest.add(now);
        }
        newest.sort(AlertContribution::newestFirst);
        newest = newest.subList(0, Math.min(MAX_LATEST_ALERTS, newest.size()));
        c.setLatestAlertIds(newest.stream().map(AlertContribution::alertId).toList());
        c.setLatestShipmentIds(
                newest.stream()
                        .flatMap(l -> l.shipmentIds().stream())
                        .collect(Collectors.toCollection(LinkedHashSet::new))
                        .stream()
                        .limit(MAX_LATEST_SHIPMENTS)
                        .toList());

        if (current != null && now.standing()) {
            reopenIfDue(c, alert, !wasStanding, severityBefore);
        } else if (!now.standing()
                && c.getAlertCount() == 0
                && c.getStatus() != CaseStatus.CLOSED) {
            closeWithdrawn(c, alert);
        }
        return c.setSummary(summary(c)).build();
    }

    /** Closes a case whose last standing alert, {@code alert}, was withdrawn. */
    private static void closeWithdrawn(Case.Builder c, Alert alert) {
        c.setStatus(CaseStatus.CLOSED).setSuppressedUntil(null);
        appendHistory(
                c,
                new CaseHistoryEntry(
                        "closed-by:" + alert.getAlertId(),
                        CaseAction.CLOSE.name(),
                        LODESTONE,
                        "every alert of the case is withdrawn, the last "
                                + alert.getAlertId()
                                + " (revision "
                                + Detail.REVISION.in(alert)
                                + "): "
                                + alert.getSummary(),
                        alert.getDetectedAt(),
                        null));
    }

    private static Case.Builder opened(CaseSubject subject, Alert alert) {
        return Case.newBuilder()
                .setCaseId(subject.caseId())
                .setFamily(subject.family())
                .setCommodity(subject.commodity())
                .setSubject(subject.description())
                .setStatus(CaseStatus.OPEN)
                .setSeverity(alert.getSeverity().name())
                .setHighestSeverity(alert.getSeverity())
                .setFirstEventTime(alert.getDetectedAt())
                .setLastEventTime(alert.getDetectedAt())
                .setAlertCount(0)
                .setAlertCountByType(Map.of())
                .setNetWeightKg(0)
                .setValueUsd(0)
                .setSummary("")
                .setDecisions(List.of());
    }

    private static void reopenIfDue(
            Case.Builder c, Alert alert, boolean newAlert, Severity severityBefore) {
        String why = null;
        if (c.getStatus() == CaseStatus.SUPPRESSED) {
            if (alert.getSeverity().compareTo(severityBefore) > 0) {
                why =
                        "a "
                                + alert.getSeverity()
                                + " alert ("
                                + alert.getAlertId()
                                + ") on a "
                                + severityBefore
                                + " case while suppressed";
            } else if (c.getSuppressedUntil() != null
                    && !alert.getDetectedAt().isBefore(c.getSuppressedUntil())) {
                why =
                        "an alert ("
                                + alert.getAlertId()
                                + ") after the suppression ended on "
                                + day(c.getSuppressedUntil());
            }
        } else if (c.getStatus() == CaseStatus.CLOSED && newAlert) {
            why = "a new alert (" + alert.getAlertId() + ") after the case was closed";
        }
        if (why != null) {
            c.setStatus(CaseStatus.OPEN).setSuppressedUntil(null);
            appendHistory(
                    c,
                    new CaseHistoryEntry(
                            "reopened-by:" + alert.getAlertId(),
                            CaseAction.REOPEN.name(),
                            LODESTONE,
                            why,
                            alert.getDetectedAt(),
                            null));
        }
    }

    /**
     * {@code current} after {@code decision}; an invalid decision is refused with a reason (it goes
     * to the DLQ).
     */
    public static Case decide(Case current, CaseDecision decision) {
        Objects.requireNonNull(current, "an unknown case is the caller's to report");
        if (current.getDecisions().stream()
                .anyMatch(d -> d.getDecisionId().equals(decision.getDecisionId()))) {
            return current;
        }
        validate(decision);
        Case.Builder c = Case.newBuilder(current);
        switch (decision.getAction()) {
            case ACKNOWLEDGE -> {
                c.setStatus(CaseStatus.ACKNOWLEDGED).setSuppressedUntil(null);
                if (c.getAcknowledgedAt() == null) {
                    c.setAcknowledgedAt(decision.getDecidedAt());
                }
            }
            case SUPPRESS ->
                    c.setStatus(CaseStatus.SUPPRESSED)
                            .setSuppressedUntil(decision.getSuppressUntil());
            case CLOSE -> c.setStatus(CaseStatus.CLOSED).setSuppressedUntil(null);
            case REOPEN -> c.setStatus(CaseStatus.OPEN).setSuppressedUntil(null);
        }
        appendHistory(
                c,
                new CaseHistoryEntry(
                        decision.getDecisionId(),
                        decision.getAction().name(),
                        decision.getDecidedBy(),
                        decision.getReason(),
                        decision.getDecidedAt(),
                        decision.getSuppressUntil()));
        return c.setSummary(summary(c)).build();
    }

    /**
     * The rules a decision must meet: refused, as INVALID_DECISION, with the sentence of {@link
     * #problem}.
     */
    public static void validate(CaseDecision d) {
        problem(d)
                .ifPresent(
                        why -> {
                            throw invalid(d, why);
                        });
    }

    /**
     * What is wrong with a decision, in a sentence saying what is missing; empty when it can apply.
     */
    public static Optional<String> problem(CaseDecision d) {
        if (d.getDecidedBy() == null || d.getDecidedBy().isBlank()) {
            return Optional.of("decidedBy is empty: say who decided");
        }
        if (d.getDecisionId() == null || d.getDecisionId().isBlank()) {
            return Optional.of("decisionId is empty");
        }
        boolean needsReason =
                d.getAction() == CaseAction.SUPPRESS || d.getAction() == CaseAction.CLOSE;
        if (needsReason && (d.getReason() == null || d.getReason().isBlank())) {
            return Optional.of(d.getAction() + " needs a reason");
        }
        if (d.getAction() == CaseAction.SUPPRESS) {
            if (d.getSuppressUntil() == null) {
                return Optional.of("SUPPRESS needs suppressUntil, the end of the suppression");
            }
            if (!d.getSuppressUntil().isAfter(d.getDecidedAt())) {
                return Optional.of(
                        "suppressUntil "
                                + d.getSuppressUntil()
                                + " is not after decidedAt "
                                + d.getDecidedAt());
            }
        } else if (d.getSuppressUntil() != null) {
            return Optional.of("suppressUntil is for SUPPRESS only, not " + d.getAction());
        }
        return Optional.empty();
    }

    private static InvalidRecordException invalid(CaseDecision d, String why) {
        return new InvalidRecordException(
                DlqReason.INVALID_DECISION,
                "decision " + d.getDecisionId() + " on " + d.getCaseId() + ": " + why);
    }

    private static void appendHistory(Case.Builder c, CaseHistoryEntry entry) {
        List<CaseHistoryEntry> history = new ArrayList<>(c.getDecisions());
        history.add(entry);
        c.setDecisions(history.subList(Math.max(0, history.size() - MAX_HISTORY), history.size()));
    }

    /**
     * One sentence for a notification, e.g. "exporter CN-EXP-0004: 212 antimony alerts
     * (UNLICENSED_EXPORT 200, …), 480.2 t, USD 1.2m, 2024-12-03 to 2025-06-30."
     */
    static String summary(Case.Builder c) {
        String types =
                c.getAlertCountByType().entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", "));
        StringBuilder s =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "%s: %,d %s alert%s (%s)",
                                c.getSubject(),
                                c.getAlertCount(),
                                c.getCommodity(),
                                c.getAlertCount() == 1 ? "" : "s",
                                types));
        if (c.getNetWeightKg() > 0) {
            s.append(String.format(Locale.ROOT, ", %,.1f t", c.getNetWeightKg() / 1000));
        }
        if (c.getValueUsd() > 0) {
            s.append(String.format(Locale.ROOT, ", USD %,.0f", c.getValueUsd()));
        }
        String first = day(c.getFirstEventTime());
        String last = day(c.getLastEventTime());
        s.append(first.equals(last) ? ", on " + first : ", " + first + " to " + last);
        s.append("; ").append(c.getHighestSeverity()).append(", ").append(c.getStatus());
        return s.append('.').toString();
    }

    /**
     * The case's highest alert severity. A case written before {@code highestSeverity} existed
     * names it in its (string) {@code severity}, which the contract keeps for readers of that
     * version.
     */
    public static Severity severity(Case c) {
        return c.getHighestSeverity() != null
                ? c.getHighestSeverity()
                : Severity.valueOf(c.getSeverity());
    }

    private static void setSeverity(Case.Builder c, Severity severity) {
        c.setHighestSeverity(severity).setSeverity(severity.name());
    }

    private static String day(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
