package io.lodestone.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lodestone.app.LodestoneApp;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.localinfra.Ports;
import io.lodestone.testing.Shipments;
import io.lodestone.testing.TestConfigs;
import io.lodestone.testing.TopicReader;
import io.lodestone.testsupport.KafkaBrokerExtension;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's package) scrapes the app on a real broker; every PromQL expression of
 * the Grafana dashboards and every signal of the alert rules must return data with the labels it
 * groups by.
 */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class PrometheusIntegrationTest {

    private static final Path HOME = LocalInfra.findProjectHome();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COMPARISON =
            Pattern.compile("\\s*(==|!=|>=|<=|>|<)\\s*[0-9.]+\\s*$");
    private static final Pattern GROUPING = Pattern.compile("\\bby \\(([^)]*)\\)");
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{(\\w+)}}");

    @TempDir Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyDashboardAndAlertRuleExpressionReturnsDataWithItsLabels() throws Exception {
        // a Connect REST API that never answers: the watch's gauges exist, as the rules need
        LodestoneConfig config =
                TestConfigs.forBroker(
                        "prom",
                        tmp.resolve("state"),
                        Map.of("connect.url", "http://127.0.0.1:" + Ports.freePort()));
        try (LodestoneApp app = LodestoneApp.start(config)) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            Shipments.publishOneOfEachOutcome(config);
            assertThat(
                            TopicReader.awaitCaughtUp(
                                    config.bootstrapServers(),
                                    config.applicationId(),
                                    config.topics().shipments(),
                                    Duration.ofSeconds(60)))
                    .isTrue();

            int prometheusPort = Ports.freePort();
            Process prometheus = startPrometheus(app.httpPort(), prometheusPort);
            try {
                String api = "http://127.0.0.1:" + prometheusPort;
                awaitData(api, "lodestone_alerts_total", Duration.ofSeconds(60));
                Thread.sleep(6_000); // enough 1 s scrapes for rate() and deriv()

                Map<String, Set<String>> expressions = new LinkedHashMap<>();
                dashboardExpressions().forEach(expressions::put);
                ruleSignals().forEach(expressions::put);
                assertThat(expressions).hasSizeGreaterThan(15);
                List<String> problems = new ArrayList<>();
                for (Map.Entry<String, Set<String>> e : expressions.entrySet()) {
                    JsonNode result = query(api, e.getKey());
                    if (result.isEmpty()) {
                        problems.add("no data: " + e.getKey());
                        continue;
                    }
                    for (JsonNode series : result) {
                        for (String label : e.getValue()) {
                            if (!series.get("metric").has(label)) {
                                problems.add(
                                        "no label '"
                                                + label
                                                + "' in "
                                                + series.get("metric")
                                                + " of "
                                                + e.getKey());
                            }
                        }
                    }
                }
                assertThat(problems).isEmpty();
            } finally {
                prometheus.destroy();
                prometheus.onExit().get();
            }
        }
    }

    private Process startPrometheus(int appPort, int port) throws Exception {
        Path configFile = tmp.resolve("prometheus.yml");
        Files.writeString(
                configFile,
                String.join(
                        "\n",
                        "global: {scrape_interval: 1s, evaluation_interval: 1s}",
                        "rule_files: ['"
                                + HOME.resolve("deploy/prometheus/lodestone-rules.yml")
                                + "']",
                        "scrape_configs:",
                        "  - job_name: lodestone",
                        "    static_configs: [{targets: ['127.0.0.1:" + appPort + "']}]",
                        ""));
        Process process =
                new ProcessBuilder(
                                "prometheus",
                                "--config.file=" + configFile,
                                "--storage.tsdb.path=" + tmp.resolve("tsdb"),
                                "--web.listen-address=127.0.0.1:" + port)
                        .redirectErrorStream(true)
                        .redirectOutput(tmp.resolve("prometheus.log").toFile())
                        .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://127.0.0.1:"
                                                                        + port
                                                                        + "/-/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return process;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            assertThat(process.isAlive())
                    .as("prometheus exited: %s", Files.readString(tmp.resolve("prometheus.log")))
                    .isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError(
                "prometheus was not ready in 30 s: "
                        + Files.readString(tmp.resolve("prometheus.log")));
    }

    private void awaitData(String api, String expr, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (query(api, expr).isEmpty()) {
            assertThat(System.nanoTime()).as("no %s scraped in time", expr).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private JsonNode query(String api, String expr) throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                api
                                                        + "/api/v1/query?query="
                                                        + URLEncoder.encode(
                                                                expr, StandardCharsets.UTF_8)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asText())
                .as("%s: %s", expr, response.body())
                .isEqualTo("success");
        return body.get("data").get("result");
    }

    /**
     * Every panel target of the provisioned dashboards, Grafana variables filled in; labels from
     * its legend.
     */
    private static Map<String, Set<String>> dashboardExpressions() throws Exception {
        Map<String, Set<String>> result = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(HOME.resolve("deploy/grafana/dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                for (JsonNode panel : JSON.readTree(file.toFile()).get("panels")) {
                    for (JsonNode target : panel.get("targets")) {
                        String expr =
                                target.get("expr")
                                        .asText()
                                        .replace("$__rate_interval", "30s")
                                        .replace("$__range", "5m")
                                        .replace("$instance", ".*");
                        Set<String> labels = new TreeSet<>();
                        Matcher m = LEGEND_LABEL.matcher(target.path("legendFormat").asText());
                        while (m.find()) {
                            labels.add(m.group(1));
                        }
                        result.put(expr, labels);
                    }
                }
            }
        }
        return result;
    }

    /**
     * Each alert rule's expression without its threshold (an alert that does not fire has no data),
     * per 'and' clause.
     */
    private static Map<String, Set<String>> ruleSignals() throws Exception {
        Map<String, Set<String>> result = new LinkedHashMap<>();
        JsonNode rules =
                new ObjectMapper(new YAMLFactory())
                        .readTree(HOME.resolve("deploy/prometheus/lodestone-rules.yml").toFile());
        for (JsonNode group : rules.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                for (String clause : rule.get("expr").asText().split("\\band\\b")) {
                    String signal = COMPARISON.matcher(clause.strip()).replaceAll("").strip();
                    Set<String> labels = new TreeSet<>();
                    Matcher m = GROUPING.matcher(signal);
                    if (m.find()) {
                        for (String label : m.group(1).split(",")) {
                            labels.add(label.strip());
                        }
                    }
                    result.put(signal, labels);
                }
            }
        }
        return result;
    }
}
