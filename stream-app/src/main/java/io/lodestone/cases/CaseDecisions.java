package io.lodestone.cases;

import io.lodestone.avro.CaseAction;
import io.lodestone.avro.CaseDecision;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/**
 * Builds an analyst's decision from what a person types (the API's JSON body, the CLI's options)
 * and checks it against {@link CaseFile#validate}, so the API and the CLI refuse exactly what the
 * topology would send to the DLQ.
 */
public final class CaseDecisions {

    private CaseDecisions() {}

    /** A decision the person asked for that is not one: the message says what to change. */
    public static final class BadDecisionException extends RuntimeException {
        public BadDecisionException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A new decision (fresh id, decided now) about {@code caseId}. {@code action}: acknowledge,
     * suppress, close or reopen (any case); {@code suppressUntil}: a date (2025-03-31, the start of
     * that day UTC) or an instant.
     */
    public static CaseDecision of(
            String caseId,
            String action,
            String decidedBy,
            String reason,
            String suppressUntil,
            Instant now) {
        CaseDecision decision =
                CaseDecision.newBuilder()
                        .setDecisionId(UUID.randomUUID().toString())
                        .setCaseId(caseId)
                        .setAction(action(action))
                        .setDecidedBy(decidedBy == null ? "" : decidedBy.strip())
                        .setReason(reason == null || reason.isBlank() ? null : reason.strip())
                        .setDecidedAt(now)
                        .setSuppressUntil(
                                suppressUntil == null || suppressUntil.isBlank()
                                        ? null
                                        : instant(suppressUntil))
                        .build();
        CaseFile.problem(decision)
                .ifPresent(
                        why -> {
                            throw new BadDecisionException(why);
                        });
        return decision;
    }

    private static CaseAction action(String action) {
        String normal = action == null ? "" : action.strip().toUpperCase(Locale.ROOT);
        if (normal.equals("ACK")) {
            return CaseAction.ACKNOWLEDGE;
        }
        try {
            return CaseAction.valueOf(normal);
        } catch (IllegalArgumentException e) {
            throw new BadDecisionException(
                    "action must be one of "
                            + Arrays.toString(CaseAction.values())
                            + ", got '"
                            + action
                            + "'");
        }
    }

    private static Instant instant(String text) {
        try {
            return text.length() == 10
                    ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadDecisionException(
                    "suppressUntil must be a date (2025-03-31) or an instant"
                            + " (2025-03-31T00:00:00Z), got '"
                            + text
                            + "'");
        }
    }
}
