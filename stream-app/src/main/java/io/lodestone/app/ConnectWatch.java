package io.lodestone.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka Connect cluster that feeds Lodestone ({@code connect.url}), watched. Connect never
 * restarts a FAILED task: a registry or broker fault that outlasts the connector's retries would
 * stop a feed for good, unseen. Every check interval this asks for the state of every connector and
 * its tasks, restarts the failed ones (at most once per {@code backoff} per connector, with a WARN
 * naming what failed and its root cause) and counts them in {@code lodestone_connect_failed} and
 * {@code lodestone_connect_task_restarts_total}.
 */
public final class ConnectWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectWatch.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final Duration backoff;
    private final Clock clock;
    private final MeterRegistry registry;
    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
    private final Map<String, Instant> lastRestart = new HashMap<>();
    private volatile int failed;
    private volatile boolean reachable = true;
    private ScheduledExecutorService timer;

    ConnectWatch(String url, Duration backoff, Clock clock, MeterRegistry registry) {
        this.url = url;
        this.backoff = backoff;
        this.clock = clock;
        this.registry = registry;
        Gauge.builder("lodestone.connect.failed", this, w -> w.failed)
                .description(
                        "Connector instances and tasks of the Kafka Connect cluster at connect.url"
                                + " in state FAILED at the app's last check")
                .register(registry);
        Gauge.builder("lodestone.connect.reachable", this, w -> w.reachable ? 1 : 0)
                .description("1 while the Kafka Connect REST API answered the app's last check")
                .register(registry);
    }

    /** Starts checking {@code url} every {@code interval}. */
    static ConnectWatch start(
            String url, Duration interval, Duration backoff, MeterRegistry registry) {
        ConnectWatch watch = new ConnectWatch(url, backoff, Clock.systemUTC(), registry);
        watch.timer = Watches.timer("lodestone-connect-watch");
        // an exception out of a scheduled run would cancel every later one: logged instead
        Runnable checkSafely =
                () -> {
                    try {
                        watch.check();
                    } catch (RuntimeException e) {
                        log.warn("checking Kafka Connect at {} failed: {}", url, e.toString());
                    }
                };
        watch.timer.scheduleWithFixedDelay(
                checkSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info(
                "watching Kafka Connect at {}: failed tasks restarted (at most once per {} per"
                        + " connector)",
                url,
                backoff);
        return watch;
    }

    /** One check: every connector's tasks, a restart for those that failed. */
    void check() {
        JsonNode connectors;
        try {
            connectors = JSON.readTree(get("/connectors?expand=status"));
        } catch (Exception e) {
            if (reachable) {
                log.warn(
                        "Kafka Connect at {} does not answer ({}): its failed tasks are neither"
                                + " counted nor restarted until it does",
                        url,
                        e.getMessage());
            }
            reachable = false;
            return;
        }
        if (!reachable) {
            log.info("Kafka Connect at {} answers again", url);
        }
        reachable = true;
        int failedNow = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = connectors.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> connector = it.next();
            JsonNode status = connector.getValue().path("status");
            JsonNode firstFailure = null;
            if ("FAILED".equals(status.path("connector").path("state").asText())) {
                failedNow++;
                firstFailure = status.path("connector");
            }
            for (JsonNode task : status.path("tasks")) {
                if ("FAILED".equals(task.path("state").asText())) {
                    failedNow++;
                    firstFailure = firstFailure == null ? task : firstFailure;
                }
            }
            if (firstFailure != null) {
                restart(connector.getKey(), firstFailure);
            }
        }
        failed = failedNow;
    }

    /** Restarts the connector's failed instance and tasks; {@code failure} is the first of them. */
    private void restart(String connector, JsonNode failure) {
        Instant now = clock.instant();
        Instant last = lastRestart.get(connector);
        if (last != null && Duration.between(last, now).compareTo(backoff) < 0) {
            return;
        }
        lastRestart.put(connector, now);
        String error = rootCause(failure.path("trace").asText(""));
        String what = failure.has("id") ? "task " + failure.path("id").asText() : "instance";
        try {
            post(
                    "/connectors/"
                            + URLEncoder.encode(connector, StandardCharsets.UTF_8)
                            + "/restart?includeTasks=true&onlyFailed=true");
            Counter.builder("lodestone.connect.task.restarts")
                    .description("Restarts of failed Kafka Connect tasks asked by the app")
                    .tag("connector", connector)
                    .register(registry)
                    .increment();
            log.warn(
                    "restarted the failed {} of connector {} (it failed with: {})",
                    what,
                    connector,
                    error);
        } catch (Exception e) {
            log.warn(
                    "could not restart the failed {} of connector {} ({}); it failed with: {}",
                    what,
                    connector,
                    e.getMessage(),
                    error);
        }
    }

    /**
     * A failed task's error: the last "Caused by" of its Java stack trace (Connect's first line is
     * often only "Tolerance exceeded in error handler"), else the first line.
     */
    public static String rootCause(String trace) {
        return trace.lines()
                .filter(l -> l.startsWith("Caused by: "))
                .reduce((first, second) -> second)
                .map(l -> l.substring("Caused by: ".length()))
                .or(() -> trace.lines().findFirst())
                .orElse("no error given");
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(url + path))
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
        }
        return response.body();
    }

    private void post(String path) throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(url + path))
                                .timeout(Duration.ofSeconds(10))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    "POST " + path + " answered " + response.statusCode() + " " + response.body());
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
