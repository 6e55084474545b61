package io.lodestone.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.declarations.EventKind;
import io.lodestone.declarations.FileIngest;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.localinfra.Ports;
import io.lodestone.testsupport.ConsumerGroups;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/compose/compose.yaml} under podman-compose: the broker (from the host through its
 * external listener), the registry and both app instances answer, and both answer the query API for
 * every route with the same totals: for each route one of them forwarded the query to the other, by
 * container host name.
 */
class ComposeStackIT {

    private static final Path COMPOSE =
            LocalInfra.findProjectHome().resolve("deploy/compose/compose.yaml");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> DESTINATIONS = List.of("JP", "KR", "DE", "US", "TH", "MX");

    /** How long a container of the stack may take to answer after {@code up}. */
    private static final Duration STARTUP = Duration.ofSeconds(240);

    @TempDir Path tmp;

    @Test
    void theStackStartsAndBothInstancesAnswerForEveryRoute() throws Exception {
        Assumptions.assumeFalse(
                Boolean.getBoolean("lodestone.containers.skip"),
                "container tests skipped: Podman could not be prepared here (bin/test says why); CI"
                        + " always runs them");
        String project = "lodestone-it-" + UUID.randomUUID().toString().substring(0, 8);
        int kafka = Ports.freePort();
        int registry = Ports.freePort();
        int first = Ports.freePort();
        int second = Ports.freePort();
        Map<String, String> env =
                Map.of(
                        "LODESTONE_VERSION",
                        System.getProperty("lodestone.version", "0.1.0-SNAPSHOT"),
                        "KAFKA_HOST_PORT",
                        String.valueOf(kafka),
                        "REGISTRY_HOST_PORT",
                        String.valueOf(registry),
                        "LODESTONE_1_HOST_PORT",
                        String.valueOf(first),
                        "LODESTONE_2_HOST_PORT",
                        String.valueOf(second));
        try {
            String up = compose(env, project, "up", "-d");
            // podman-compose exits 0 when a container fails to start: its podman commands' do not
            assertThat(up.lines().filter(l -> l.matches("exit code: [1-9].*")))
                    .as("podman-compose up: a podman command failed:\n%s", up)
                    .isEmpty();
            String bootstrap = "127.0.0.1:" + kafka;
            // A KRaft broker beside two starting apps on a slow 2-core machine has taken over a
            // minute to listen: the admin client's own 60 s default would give up before our wait.
            try (Admin admin =
                    Admin.create(
                            Map.of(
                                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    bootstrap,
                                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                    (int) STARTUP.toMillis()))) {
                assertThat(
                                admin.describeCluster()
                                        .nodes()
                                        .get(STARTUP.toSeconds(), TimeUnit.SECONDS))
                        .hasSize(1);
            }
            awaitStatus(registry, "/health/ready", 200);
            awaitStatus(first, "/health/ready", 200);
            awaitStatus(second, "/health/ready", 200);

            Path shipments = tmp.resolve("shipments.jsonl");
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < DESTINATIONS.size(); i++) {
                lines.add(
                        String.format(
                                "{\"shipmentId\":\"C-%d\",\"eventTime\":\"2025-02-01T08:00:00Z\",\"reporter\":\"AU\","
                                    + "\"flow\":\"EXPORT\","
                                    + "\"hsCode\":\"8110\",\"originCountry\":\"AU\",\"exportCountry\":\"AU\",\"importCountry\":\"%s\",\"exporterId\":\"AU-1\",\"exporterName\":\"Exporter"
                                    + " AU\",\"consigneeId\":\"C-1\",\"consigneeName\":\"Consignee\",\"endUse\":\"CIVILIAN\","
                                    + "\"netWeightKg\":%d}",
                                i, DESTINATIONS.get(i), 1_000 * (i + 1)));
            }
            Files.write(shipments, lines);
            try (Producer<String, SpecificRecord> producer =
                    FileIngest.createProducer(bootstrap, "http://127.0.0.1:" + registry)) {
                assertThat(
                                new FileIngest(producer, "lodestone.shipments", EventKind.SHIPMENTS)
                                        .run(shipments, l -> {})
                                        .published())
                        .isEqualTo(DESTINATIONS.size());
            }
            ConsumerGroups.requireProcessed(
                    bootstrap, "lodestone", "lodestone.shipments", Duration.ofMinutes(5));

            for (int i = 0; i < DESTINATIONS.size(); i++) {
                String path =
                        "/api/route-volumes?commodity=antimony&origin=AU&export=AU&import="
                                + DESTINATIONS.get(i)
                                + "&from=2025-02-01&to=2025-02-02";
                HttpResponse<String> fromFirst = awaitStatus(first, path, 200);
                HttpResponse<String> fromSecond = awaitStatus(second, path, 200);
                assertThat(fromSecond.body())
                        .isEqualTo(fromFirst.body())
                        .contains("\"netWeightKg\":" + 1_000.0 * (i + 1));
                // One instance holds the route; the other forwarded the query to it by its
                // container host name.
                String holder =
                        fromFirst.headers().firstValue("X-Lodestone-Served-By").orElseThrow();
                assertThat(holder).isIn("lodestone-1:8080", "lodestone-2:8080");
                assertThat(fromSecond.headers().firstValue("X-Lodestone-Served-By"))
                        .contains(holder);
            }
        } catch (Exception | AssertionError failure) {
            // podman-compose goes on when a container fails to start: say what the containers did
            // first, as a CI summary may keep only a message's first few hundred characters
            throw new AssertionError(containersReport(project) + "\n" + failure, failure);
        } finally {
            try {
                compose(env, project, "down", "-v");
            } catch (AssertionError leftRunning) {
                // must not hide the test's own failure; the output says what was left
                System.out.println(leftRunning.getMessage());
            }
        }
    }

    /** Runs podman-compose; its output, once it exited 0. */
    private static String compose(Map<String, String> env, String project, String... command)
            throws IOException, InterruptedException {
        List<String> args =
                new ArrayList<>(List.of("podman-compose", "-p", project, "-f", COMPOSE.toString()));
        args.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).as(String.join(" ", args)).isTrue();
        System.out.println(String.join(" ", args) + "\n" + output);
        assertThat(process.exitValue()).as("%s:\n%s", String.join(" ", args), output).isZero();
        return output;
    }

    /** Each container of the project: its state, and the end of its log. */
    private static String containersReport(String project)
            throws IOException, InterruptedException {
        StringBuilder report = new StringBuilder("containers of " + project + ":");
        for (String line :
                run(
                                "podman",
                                "ps",
                                "-a",
                                "--filter",
                                "label=io.podman.compose.project=" + project,
                                "--format",
                                "{{.Names}} {{.Status}}")
                        .split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String name = line.split(" ")[0];
            report.append("\n---- ").append(line).append("; its log ends:\n");
            report.append(run("podman", "logs", "--tail", "8", name));
        }
        return report.toString();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        return output;
    }

    private static HttpResponse<String> awaitStatus(int port, String path, int status)
            throws Exception {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        HttpResponse<String> response = null;
        while (System.nanoTime() < deadline) {
            try {
                response =
                        HTTP.send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + path))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == status) {
                    return response;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError(
                "127.0.0.1:"
                        + port
                        + path
                        + " did not answer "
                        + status
                        + " within "
                        + STARTUP.toSeconds()
                        + " s; last: "
                        + (response == null
                                ? "no answer"
                                : response.statusCode() + " " + response.body()));
    }
}
