package io.lodestone.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.testing.OwnInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A broker outage on a real broker of its own: the app reports it in its health bodies, metrics and
 * log, and its end.
 */
class BrokerOutageIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir Path tmp;

    private static String get(int port, String path) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static String await(
            int port, String path, Predicate<String> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String body = get(port, path);
        while (!condition.test(body) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            body = get(port, path);
        }
        assertThat(body).as(path + " within " + timeout.toSeconds() + " s").matches(condition);
        return body;
    }

    /** The watch logs on its own thread, a moment after the health bodies show what it saw. */
    private static void awaitLogged(ListAppender<ILoggingEvent> logs, Level level, String start)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline
                && List.copyOf(logs.list).stream()
                        .noneMatch(
                                e ->
                                        e.getLevel() == level
                                                && e.getFormattedMessage().startsWith(start))) {
            Thread.sleep(100);
        }
        assertThat(List.copyOf(logs.list))
                .anySatisfy(
                        e -> {
                            assertThat(e.getLevel()).isEqualTo(level);
                            assertThat(e.getFormattedMessage()).startsWith(start);
                        });
    }

    @Test
    void aBrokerOutageShowsInHealthMetricsAndLogAndSoDoesItsEnd() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger logger = (Logger) LoggerFactory.getLogger(BrokerWatch.class);
        logger.addAppender(logs);
        try (OwnInfra infra = OwnInfra.up(tmp)) {
            LodestoneConfig config =
                    infra.app(
                            "outage",
                            Map.of(
                                    "broker.check.interval",
                                    "PT1S",
                                    "broker.unreachable.warn.after",
                                    "PT3S"));
            try (LodestoneApp app = LodestoneApp.start(config)) {
                assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
                int port = app.httpPort();
                assertThat(get(port, "/health/ready"))
                        .contains("\"brokerReachable\":true,\"secondsSinceBrokerContact\":0");

                assertThat(LocalInfra.stopBroker(infra.settings()))
                        .startsWith("stopped Kafka broker");
                await(
                        port,
                        "/health/live",
                        body ->
                                body.matches(
                                        ".*\"brokerReachable\":false,\"secondsSinceBrokerContact\":([3-9]|\\d\\d+)}"),
                        Duration.ofSeconds(30));
                assertThat(get(port, "/metrics")).contains("lodestone_broker_reachable 0.0");
                awaitLogged(
                        logs,
                        Level.WARN,
                        "no answer from Kafka at " + infra.bootstrapServers() + " for 3 s");

                infra.restart();
                await(
                        port,
                        "/health/live",
                        body ->
                                body.contains(
                                        "\"brokerReachable\":true,\"secondsSinceBrokerContact\":0"),
                        Duration.ofSeconds(60));
                assertThat(get(port, "/metrics")).contains("lodestone_broker_reachable 1.0");
                awaitLogged(
                        logs,
                        Level.INFO,
                        "Kafka at " + infra.bootstrapServers() + " answers again after ");
                assertThat(app.awaitRunning(Duration.ofSeconds(60)))
                        .as("Kafka Streams carries on")
                        .isTrue();
            }
        } finally {
            logger.detachAppender(logs);
        }
    }
}
