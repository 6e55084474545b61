package io.lodestone.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lodestone.avro.Alert;
import io.lodestone.routes.RouteDayKey;
import io.lodestone.routes.RouteKey;
import io.lodestone.routes.RouteTotals;
import io.lodestone.routes.RouteVolumeAggregator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Read-only queries for downstream services, answered from the state stores (interactive queries).
 * Route volumes live in a partitioned key-value store keyed by route and day ({@link
 * io.lodestone.routes.RouteDayKey}): a request for a route another instance holds is forwarded to
 * that instance (found through {@code application.server} metadata). Alerts and cases live in
 * global stores every instance holds in full.
 */
public final class QueryApi {

    /** The global store of every alert, keyed by alertId. */
    public static final String ALERTS_STORE = "alerts-by-id";

    /** The global store of every case, keyed by caseId. */
    public static final String CASES_VIEW = "cases-by-id";

    static final String SERVED_BY = "X-Lodestone-Served-By";

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final BearerToken token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A response: status, JSON body, and which instance answered. */
    public record Reply(int status, String body, String servedBy) {}

    /** A failure the client caused or can retry; becomes a JSON error body. */
    static final class QueryException extends RuntimeException {
        final int status;

        QueryException(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    record Window(
            Instant windowStart,
            Instant windowEnd,
            double netWeightKg,
            double valueUsd,
            long shipmentCount) {}

    record RouteVolumes(
            String commodity,
            String originCountry,
            String exportCountry,
            String importCountry,
            Instant from,
            Instant to,
            List<Window> windows) {}

    /**
     * {@code token}: the bearer token requests need, and forwarded ones carry (instances of one app
     * share it); empty: none.
     */
    public QueryApi(KafkaStreams streams, HostInfo self, String token) {
        this.streams = streams;
        this.self = self;
        this.token = new BearerToken(token);
    }

    BearerToken token() {
        return token;
    }

    /**
     * GET /api/route-volumes?commodity=&origin=&export=&import=&from=&to= (dates or instants; to is
     * exclusive).
     */
    Reply routeVolumes(String path, Map<String, String> query) {
        RouteKey route =
                new RouteKey(
                        required(query, "commodity"),
                        country(query, "origin"),
                        country(query, "export"),
                        country(query, "import"));
        Instant from = instant(query, "from");
        Instant to = instant(query, "to");
        if (!to.isAfter(from)) {
            throw new QueryException(400, "'to' (" + to + ") must be after 'from' (" + from + ")");
        }
        requireRunning();
        KeyQueryMetadata owner =
                streams.queryMetadataForKey(
                        RouteVolumeAggregator.STORE,
                        route.asString(),
                        Serdes.String().serializer());
        if (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE) {
            throw new QueryException(
                    503,
                    "no instance holds route " + route + " right now (rebalancing); retry shortly");
        }
        if (!owner.activeHost().equals(self)) {
            return forward(owner.activeHost(), path);
        }
        List<Window> windows = new ArrayList<>();
        ReadOnlyKeyValueStore<String, RouteTotals> store =
                store(RouteVolumeAggregator.STORE, QueryableStoreTypes.keyValueStore());
        LocalDate firstDay = from.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate lastDay = to.minusMillis(1).atZone(ZoneOffset.UTC).toLocalDate();
        try (KeyValueIterator<String, RouteTotals> days =
                store.range(
                        new RouteDayKey(route.asString(), firstDay).encoded(),
                        new RouteDayKey(route.asString(), lastDay).encoded())) {
            days.forEachRemaining(
                    day -> {
                        Instant start =
                                RouteDayKey.parse(day.key)
                                        .day()
                                        .atStartOfDay(ZoneOffset.UTC)
                                        .toInstant();
                        if (!start.isBefore(from)) {
                            windows.add(
                                    new Window(
                                            start,
                                            start.plus(RouteVolumeAggregator.WINDOW),
                                            day.value.netWeightKg(),
                                            day.value.valueUsd(),
                                            day.value.shipmentCount()));
                        }
                    });
        }
        if (windows.isEmpty()) {
            throw new QueryException(
                    404, "no volumes for route " + route + " from " + from + " to " + to);
        }
        return ok(
                new RouteVolumes(
                        route.commodity(),
                        route.originCountry(),
                        route.exportCountry(),
                        route.importCountry(),
                        from,
                        to,
                        windows));
    }

    /** GET /api/alerts?limit=20&type=TYPE: the newest alerts by detectedAt (then alertId). */
    Reply latestAlerts(Map<String, String> query) {
        int limit;
        try {
            limit = Integer.parseInt(query.getOrDefault("limit", "20"));
        } catch (NumberFormatException e) {
            throw new QueryException(
                    400,
                    "limit must be a whole number from 1 to 1000, got '"
                            + query.get("limit")
                            + "'");
        }
        if (limit < 1 || limit > 1000) {
            throw new QueryException(
                    400, "limit must be a whole number from 1 to 1000, got " + limit);
        }
        String type = query.get("type");
        requireRunning();
        ReadOnlyKeyValueStore<String, Alert> store =
                store(ALERTS_STORE, QueryableStoreTypes.keyValueStore());
        List<Alert> alerts = new ArrayList<>();
        try (KeyValueIterator<String, Alert> all = store.all()) {
            all.forEachRemaining(
                    kv -> {
                        if (type == null || type.equals(kv.value.getType())) {
                            alerts.add(kv.value);
                        }
                    });
        }
        alerts.sort(
                Comparator.comparing(Alert::getDetectedAt)
                        .reversed()
                        .thenComparing(Alert::getAlertId));
        List<Map<String, Object>> body =
                alerts.stream().limit(limit).map(QueryApi::recordJson).toList();
        return ok(Map.of("alerts", body));
    }

    /** A record as JSON: its fields by name, enums as their names. */
    static Map<String, Object> recordJson(org.apache.avro.specific.SpecificRecordBase a) {
        Map<String, Object> json = new LinkedHashMap<>();
        a.getSchema()
                .getFields()
                .forEach(
                        field -> {
                            json.put(field.name(), jsonValue(a.get(field.name())));
                        });
        return json;
    }

    private static Object jsonValue(Object value) {
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof org.apache.avro.specific.SpecificRecordBase nested) {
            return recordJson(nested);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(QueryApi::jsonValue).toList();
        }
        return value;
    }

    <T> T store(String name, org.apache.kafka.streams.state.QueryableStoreType<T> type) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, type));
        } catch (InvalidStateStoreException e) {
            throw new QueryException(
                    503,
                    "store "
                            + name
                            + " is not queryable right now ("
                            + e.getMessage()
                            + "); retry shortly");
        }
    }

    void requireRunning() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new QueryException(
                    503, "Lodestone is " + streams.state() + ", not RUNNING; retry shortly");
        }
    }

    private Reply forward(HostInfo owner, String path) {
        try {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(
                                    URI.create(
                                            "http://" + owner.host() + ":" + owner.port() + path))
                            .timeout(Duration.ofSeconds(10));
            if (!token.token().isEmpty()) {
                request.header("Authorization", token.header());
            }
            HttpResponse<String> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue(SERVED_BY).orElse(owner.toString()));
        } catch (IOException e) {
            throw new QueryException(
                    503,
                    "the instance holding this route ("
                            + owner.host()
                            + ":"
                            + owner.port()
                            + ") does not answer: "
                            + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryException(
                    503, "interrupted while asking " + owner.host() + ":" + owner.port());
        }
    }

    Reply ok(Object body) {
        try {
            return new Reply(200, JSON.writeValueAsString(body), self.host() + ":" + self.port());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    Reply error(QueryException e) {
        try {
            return new Reply(
                    e.status,
                    JSON.writeValueAsString(Map.of("error", e.getMessage())),
                    self.host() + ":" + self.port());
        } catch (IOException io) {
            throw new IllegalStateException("cannot write JSON", io);
        }
    }

    static String required(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null || value.isBlank()) {
            throw new QueryException(400, "missing query parameter '" + name + "'");
        }
        return value;
    }

    private static String country(Map<String, String> query, String name) {
        String value = required(query, name);
        if (!COUNTRY.matcher(value).matches()) {
            throw new QueryException(
                    400,
                    name + " must be an ISO-3166 alpha-2 code such as CN, got '" + value + "'");
        }
        return value;
    }

    private static Instant instant(Map<String, String> query, String name) {
        String value = required(query, name);
        try {
            return value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new QueryException(
                    400,
                    name
                            + " must be a date (2025-01-31) or an instant (2025-01-31T00:00:00Z),"
                            + " got '"
                            + value
                            + "'");
        }
    }
}
