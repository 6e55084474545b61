package io.lodestone.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The HTTP side of the app: {@code /metrics} (Prometheus text format), {@code /health/live} (200 unless
 * Kafka Streams has failed or stopped) and {@code /health/ready} (200 only while RUNNING: not while
 * rebalancing, restoring or failed) — what a Kubernetes probe and a Prometheus scrape need.
 */
public final class HttpEndpoints implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpEndpoints.class);

    private final HttpServer server;

    private HttpEndpoints(HttpServer server) {
        this.server = server;
    }

    public static HttpEndpoints start(int port, PrometheusMeterRegistry registry, Supplier<KafkaStreams.State> state) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on HTTP port " + port + " (" + e.getMessage()
                    + "); choose another with http.port / LODESTONE_HTTP_PORT", e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "lodestone-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape()));
        server.createContext("/health/live", exchange -> {
            KafkaStreams.State now = state.get();
            boolean alive = now != KafkaStreams.State.ERROR && now != KafkaStreams.State.NOT_RUNNING;
            respond(exchange, alive ? 200 : 503, "application/json", health(alive ? "UP" : "DOWN", now));
        });
        server.createContext("/health/ready", exchange -> {
            KafkaStreams.State now = state.get();
            boolean ready = now == KafkaStreams.State.RUNNING;
            respond(exchange, ready ? 200 : 503, "application/json", health(ready ? "UP" : "DOWN", now));
        });
        server.start();
        log.info("HTTP endpoints on port {}: /metrics /health/live /health/ready", server.getAddress().getPort());
        return new HttpEndpoints(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static String health(String status, KafkaStreams.State state) {
        return "{\"status\":\"" + status + "\",\"streamsState\":\"" + state + "\"}";
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            status = 405;
            body = "{\"error\":\"only GET is supported\"}";
            contentType = "application/json";
        }
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
