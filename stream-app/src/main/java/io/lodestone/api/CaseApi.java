package io.lodestone.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Case;
import io.lodestone.avro.CaseDecision;
import io.lodestone.avro.CaseStatus;
import io.lodestone.avro.Severity;
import io.lodestone.cases.CaseDecisions;
import io.lodestone.cases.CaseFile;
import io.lodestone.cases.CaseSubject;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The case API: list and read cases from the global case store every instance holds, and publish an
 * analyst's decision to the case-decisions topic (the topology applies it; the case shows it a
 * moment later).
 */
public final class CaseApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FAMILIES =
            Set.of(
                    CaseSubject.LICENCE,
                    CaseSubject.TRANSSHIPMENT,
                    CaseSubject.REROUTING,
                    CaseSubject.VOLUME);

    private final QueryApi queries;
    private final Consumer<CaseDecision> publisher;
    private final Clock clock;

    /**
     * {@code publisher}: sends a decision to the case-decisions topic, failing with a sentence when
     * Kafka does not take it.
     */
    public CaseApi(QueryApi queries, Consumer<CaseDecision> publisher, Clock clock) {
        this.queries = queries;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** GET /api/cases?status=&family=&commodity=&severity=&limit=50&offset=0 */
    QueryApi.Reply list(Map<String, String> query) {
        String status =
                oneOf(query, "status", Arrays.stream(CaseStatus.values()).map(Enum::name).toList());
        String family = oneOf(query, "family", FAMILIES.stream().sorted().toList());
        String severity =
                oneOf(query, "severity", Arrays.stream(Severity.values()).map(Enum::name).toList());
        String commodity = query.get("commodity");
        int limit = number(query, "limit", 50, 1, 1000);
        int offset = number(query, "offset", 0, 0, Integer.MAX_VALUE);
        queries.requireRunning();
        List<Case> matching = new ArrayList<>();
        try (KeyValueIterator<String, Case> all = cases().all()) {
            all.forEachRemaining(
                    kv -> {
                        Case c = kv.value;
                        if ((status == null || c.getStatus().name().equals(status))
                                && (family == null || c.getFamily().equals(family))
                                && (severity == null
                                        || CaseFile.severity(c).name().equals(severity))
                                && (commodity == null || c.getCommodity().equals(commodity))) {
                            matching.add(c);
                        }
                    });
        }
        matching.sort(CaseFile.MOST_URGENT_FIRST);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", matching.size());
        body.put("offset", offset);
        body.put("limit", limit);
        body.put(
                "cases",
                matching.stream().skip(offset).limit(limit).map(QueryApi::recordJson).toList());
        return queries.ok(body);
    }

    /** GET /api/cases/{id}: the case and its latest alerts. */
    QueryApi.Reply get(String caseId) {
        queries.requireRunning();
        Case c = existing(caseId);
        ReadOnlyKeyValueStore<String, Alert> alerts =
                queries.store(QueryApi.ALERTS_STORE, QueryableStoreTypes.keyValueStore());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("case", QueryApi.recordJson(c));
        body.put(
                "alerts",
                c.getLatestAlertIds().stream()
                        .map(alerts::get)
                        .filter(Objects::nonNull)
                        .map(QueryApi::recordJson)
                        .toList());
        return queries.ok(body);
    }

    /**
     * POST /api/cases/{id}/decisions with {"action": "SUPPRESS", "decidedBy": "ana", "reason": "…",
     * "suppressUntil": "2025-03-31"}: 202 with the decision published; 400 saying what is wrong
     * with the body; 404 for an unknown case.
     */
    QueryApi.Reply decide(String caseId, String body) {
        JsonNode json;
        try {
            json = JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            throw new QueryApi.QueryException(
                    400,
                    "the body must be a JSON object such as {\"action\": \"ACKNOWLEDGE\","
                            + " \"decidedBy\": \"ana\"}: "
                            + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw new QueryApi.QueryException(
                    400,
                    "the body must be a JSON object such as {\"action\": \"ACKNOWLEDGE\","
                            + " \"decidedBy\": \"ana\"}");
        }
        queries.requireRunning();
        existing(caseId);
        CaseDecision decision;
        try {
            decision =
                    CaseDecisions.of(
                            caseId,
                            text(json, "action"),
                            text(json, "decidedBy"),
                            text(json, "reason"),
                            text(json, "suppressUntil"),
                            clock.instant());
        } catch (CaseDecisions.BadDecisionException e) {
            throw new QueryApi.QueryException(400, e.getMessage());
        }
        try {
            publisher.accept(decision);
        } catch (RuntimeException e) {
            throw new QueryApi.QueryException(
                    503, "the decision was not published: " + e.getMessage() + "; retry shortly");
        }
        QueryApi.Reply ok = queries.ok(Map.of("decision", QueryApi.recordJson(decision)));
        return new QueryApi.Reply(202, ok.body(), ok.servedBy());
    }

    private Case existing(String caseId) {
        Case c = cases().get(caseId);
        if (c == null) {
            throw new QueryApi.QueryException(
                    404, "no case " + caseId + " (GET /api/cases lists them)");
        }
        return c;
    }

    private ReadOnlyKeyValueStore<String, Case> cases() {
        return queries.store(QueryApi.CASES_VIEW, QueryableStoreTypes.keyValueStore());
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String oneOf(Map<String, String> query, String name, List<String> allowed) {
        String value = query.get(name);
        if (value != null && !allowed.contains(value)) {
            throw new QueryApi.QueryException(
                    400, name + " must be one of " + allowed + ", got '" + value + "'");
        }
        return value;
    }

    private static int number(
            Map<String, String> query, String name, int fallback, int min, int max) {
        String value = query.get(name);
        try {
            int n = value == null ? fallback : Integer.parseInt(value);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new QueryApi.QueryException(
                    400,
                    name
                            + " must be a whole number from "
                            + min
                            + (max == Integer.MAX_VALUE ? " up" : " to " + max)
                            + ", got '"
                            + value
                            + "'");
        }
    }
}
