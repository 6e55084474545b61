package io.lodestone.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the app: {@code /metrics} (Prometheus text format), {@code /health/live} (200
 * unless Kafka Streams has failed or stopped), {@code /health/ready} (200 only while RUNNING: not
 * while rebalancing, restoring or failed), both bodies saying whether the Kafka cluster answers —
 * what a Kubernetes probe and a Prometheus scrape need — and the read-only query API ({@link
 * QueryApi}). The port is bound before Kafka Streams starts, because the port is part of the {@code
 * application.server} address other instances forward queries to.
 */
public final class HttpEndpoints implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpEndpoints.class);

    private final HttpServer server;
    private final String address;

    private HttpEndpoints(HttpServer server, String address) {
        this.server = server;
        this.address = address;
    }

    /**
     * Binds {@code address} (0.0.0.0: every interface) and {@code port} (0: any free one); nothing
     * is served until {@link #serve}.
     */
    public static HttpEndpoints bind(String address, int port) {
        try {
            return new HttpEndpoints(
                    HttpServer.create(new InetSocketAddress(address, port), 0), address);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on HTTP "
                            + address
                            + ":"
                            + port
                            + " ("
                            + e.getMessage()
                            + "); choose another port with http.port / LODESTONE_HTTP_PORT, or"
                            + " another address with http.bind.address",
                    e);
        }
    }

    /**
     * Serves metrics and health, and the query and case APIs when {@code queries} is not null,
     * behind its bearer token if it has one (a request without {@code Authorization: Bearer
     * <token>} gets 401).
     */
    public void serve(
            PrometheusMeterRegistry registry,
            Supplier<KafkaStreams.State> state,
            BrokerContact broker,
            QueryApi queries,
            CaseApi cases) {
        server.setExecutor(
                Executors.newFixedThreadPool(
                        2,
                        r -> {
                            Thread t = new Thread(r, "lodestone-http");
                            t.setDaemon(true);
                            return t;
                        }));
        server.createContext(
                "/metrics",
                getOnly(
                        exchange ->
                                respond(
                                        exchange,
                                        200,
                                        "text/plain; version=0.0.4; charset=utf-8",
                                        registry.scrape())));
        server.createContext(
                "/health/live",
                getOnly(
                        exchange -> {
                            KafkaStreams.State now = state.get();
                            boolean alive =
                                    now != KafkaStreams.State.ERROR
                                            && now != KafkaStreams.State.NOT_RUNNING;
                            respond(
                                    exchange,
                                    alive ? 200 : 503,
                                    "application/json",
                                    health(alive ? "UP" : "DOWN", now, broker));
                        }));
        server.createContext(
                "/health/ready",
                getOnly(
                        exchange -> {
                            KafkaStreams.State now = state.get();
                            boolean ready = now == KafkaStreams.State.RUNNING;
                            respond(
                                    exchange,
                                    ready ? 200 : 503,
                                    "application/json",
                                    health(ready ? "UP" : "DOWN", now, broker));
                        }));
        if (queries != null) {
            BearerToken token = queries.token();
            server.createContext(
                    "/api/route-volumes",
                    exchange ->
                            answer(
                                    exchange,
                                    queries,
                                    token,
                                    "GET",
                                    () ->
                                            queries.routeVolumes(
                                                    exchange.getRequestURI().toString(),
                                                    query(exchange))));
            server.createContext(
                    "/api/alerts",
                    exchange ->
                            answer(
                                    exchange,
                                    queries,
                                    token,
                                    "GET",
                                    () -> queries.latestAlerts(query(exchange))));
            server.createContext(
                    "/api/cases",
                    exchange -> {
                        // /api/cases, /api/cases/{id}, /api/cases/{id}/decisions; the id comes
                        // percent-decoded
                        String rest =
                                exchange.getRequestURI().getPath().substring("/api/cases".length());
                        if (rest.isEmpty() || rest.equals("/")) {
                            answer(
                                    exchange,
                                    queries,
                                    token,
                                    "GET",
                                    () -> cases.list(query(exchange)));
                        } else if (rest.endsWith(DECISIONS)) {
                            String id = rest.substring(1, rest.length() - DECISIONS.length());
                            answer(
                                    exchange,
                                    queries,
                                    token,
                                    WRITE,
                                    () -> cases.decide(id, body(exchange)));
                        } else {
                            answer(
                                    exchange,
                                    queries,
                                    token,
                                    "GET",
                                    () -> cases.get(rest.substring(1)));
                        }
                    });
        }
        server.createContext(
                "/",
                getOnly(
                        exchange ->
                                respond(
                                        exchange,
                                        404,
                                        "application/json",
                                        "{\"error\":\"no such endpoint: "
                                                + exchange.getRequestURI().getPath()
                                                + "; see /api/route-volumes, /api/alerts,"
                                                + " /api/cases, /metrics, /health/live,"
                                                + " /health/ready\"}")));
        server.start();
        log.info(
                "HTTP endpoints on {}:{}: /metrics /health/live /health/ready, and"
                        + " /api/route-volumes /api/alerts /api/cases {}",
                address,
                port(),
                queries == null
                        ? "(off)"
                        : queries.token().token().isEmpty()
                                ? "(reads open, case decisions refused: set http.query.token to"
                                        + " require a token and allow them)"
                                : "(bearer token required)");
    }

    private static final String DECISIONS = "/decisions";

    /** The one method that changes something; refused while the instance has no token. */
    private static final String WRITE = "POST";

    /** Answers 405 to anything but GET. */
    private static HttpHandler getOnly(HttpHandler handler) {
        return exchange -> {
            if ("GET".equals(exchange.getRequestMethod())) {
                handler.handle(exchange);
            } else {
                respond(exchange, 405, "application/json", "{\"error\":\"only GET is supported\"}");
            }
        };
    }

    private static String body(HttpExchange exchange) {
        try {
            return new String(exchange.getRequestBody().readNBytes(65_536), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new QueryApi.QueryException(
                    400, "cannot read the request body: " + e.getMessage());
        }
    }

    private static void answer(
            HttpExchange exchange,
            QueryApi queries,
            BearerToken token,
            String method,
            Supplier<QueryApi.Reply> query)
            throws IOException {
        QueryApi.Reply reply;
        if (WRITE.equals(method) && token.token().isEmpty()) {
            respond(
                    exchange,
                    403,
                    "application/json",
                    "{\"error\":\"writes (case decisions) always need a bearer token, and this"
                            + " instance has none: set http.query.token (env"
                            + " LODESTONE_HTTP_QUERY_TOKEN) on every instance, then send"
                            + " 'Authorization: Bearer <token>'\"}");
            return;
        }
        if (!token.admits(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"lodestone\"");
            respond(
                    exchange,
                    401,
                    "application/json",
                    "{\"error\":\"the query API needs 'Authorization: Bearer <token>' with the "
                            + "token this instance was given (http.query.token)\"}");
            return;
        }
        if (!method.equals(exchange.getRequestMethod())) {
            reply =
                    queries.error(
                            new QueryApi.QueryException(
                                    405, "only " + method + " is supported here"));
        } else {
            try {
                reply = query.get();
            } catch (QueryApi.QueryException e) {
                reply = queries.error(e);
            }
        }
        if (reply.status() == 503) {
            exchange.getResponseHeaders().set("Retry-After", "5");
        }
        exchange.getResponseHeaders().set(QueryApi.SERVED_BY, reply.servedBy());
        respond(exchange, reply.status(), "application/json", reply.body());
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(
                            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static String health(String status, KafkaStreams.State state, BrokerContact broker) {
        return "{\"status\":\""
                + status
                + "\",\"streamsState\":\""
                + state
                + "\",\"brokerReachable\":"
                + broker.reachable()
                + ",\"secondsSinceBrokerContact\":"
                + broker.secondsSinceContact()
                + "}";
    }

    /**
     * What the health bodies say of the Kafka cluster; it never changes their status (a broker blip
     * must not flap a fleet).
     */
    public interface BrokerContact {
        boolean reachable();

        long secondsSinceContact();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
