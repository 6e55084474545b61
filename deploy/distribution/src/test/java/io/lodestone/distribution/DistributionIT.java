package io.lodestone.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.localinfra.LocalInfra;
import io.lodestone.localinfra.Ports;
import io.lodestone.testsupport.ConsumerGroups;
import io.lodestone.testsupport.SampleAlerts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution tarball unpacked into an empty directory, run with nothing but its own files and
 * a JRE: its layout, its commented configuration, and {@code bin/lodestone run} against a real
 * broker and registry with the sample dataset ingested by its own {@code bin/lodestone ingest}: the
 * sample's exact alerts.
 */
class DistributionIT {

    private static final Path TARBALL =
            Path.of(System.getProperty("lodestone.distribution", "target/lodestone.tar.gz"));

    @TempDir Path tmp;

    @Test
    void theTarballRunsFromAnEmptyDirectoryAgainstAnyCluster() throws Exception {
        Path unpacked = Files.createDirectories(tmp.resolve("empty"));
        assertThat(
                        run(
                                        unpacked,
                                        List.of("tar", "-xzf", TARBALL.toAbsolutePath().toString()),
                                        Map.of())
                                .exitCode())
                .isZero();
        Path home;
        try (Stream<Path> top = Files.list(unpacked)) {
            home = top.findFirst().orElseThrow();
        }
        assertThat(home.getFileName().toString()).startsWith("lodestone-");
        assertThat(home.resolve("bin/lodestone")).isExecutable();
        assertThat(home.resolve("config"))
                .isDirectoryContaining(
                        p -> p.getFileName().toString().equals("lodestone.properties"))
                .isDirectoryContaining(p -> p.getFileName().toString().equals("commodities.csv"))
                .isDirectoryContaining(p -> p.getFileName().toString().equals("control-list.json"))
                .isDirectoryContaining(p -> p.getFileName().toString().equals("materiality.csv"));
        assertThat(home.resolve("lib"))
                .isDirectoryContaining("glob:**/lodestone-stream-app-*.jar")
                .isDirectoryContaining("glob:**/kafka-streams-*.jar");
        try (Stream<Path> licences = Files.list(home.resolve("licenses"))) {
            assertThat(licences.count())
                    .as("a directory of LICENSE/NOTICE files per bundled jar that has them")
                    .isGreaterThan(20);
        }

        Result config =
                run(
                        home,
                        List.of("bin/lodestone", "config", "-c", "config/lodestone.properties"),
                        Map.of());
        assertThat(config.exitCode()).as(config.output()).isZero();
        assertThat(config.output())
                .containsPattern("bootstrap.servers +\\Q= 127.0.0.1:9092\\E +\\(default\\)");

        LocalInfra.Settings settings =
                new LocalInfra.Settings(
                        LocalInfra.findProjectHome(),
                        tmp.resolve("infra"),
                        Ports.freePort(),
                        Ports.freePort(),
                        Ports.freePort(),
                        Duration.ofSeconds(60));
        int httpPort = Ports.freePort();
        try (LocalInfra infra = LocalInfra.up(settings, line -> {})) {
            Map<String, String> env =
                    Map.of(
                            "LODESTONE_BOOTSTRAP_SERVERS",
                            infra.bootstrapServers(),
                            "LODESTONE_SCHEMA_REGISTRY_URL",
                            infra.registryUrl(),
                            "LODESTONE_HTTP_PORT",
                            String.valueOf(httpPort),
                            "LODESTONE_STATE_DIR",
                            tmp.resolve("state").toString(),
                            "LODESTONE_CATALOGUE_FILE",
                            "config/commodities.csv",
                            "LODESTONE_CONTROL_LIST_FILE",
                            "config/control-list.json");
            Process app =
                    start(
                            home,
                            List.of("bin/lodestone", "run", "-c", "config/lodestone.properties"),
                            env,
                            tmp.resolve("app.log"));
            try {
                awaitReady(httpPort, app, tmp.resolve("app.log"));
                Path sample = LocalInfra.findProjectHome().resolve("producers/sample-data");
                Result licences =
                        run(
                                home,
                                List.of(
                                        "bin/lodestone",
                                        "ingest",
                                        "licenses",
                                        sample.resolve("licenses.jsonl").toString(),
                                        "-c",
                                        "config/lodestone.properties"),
                                env);
                assertThat(licences.exitCode()).as(licences.output()).isZero();
                ConsumerGroups.requireProcessed(
                        infra.bootstrapServers(),
                        "lodestone",
                        "lodestone.licenses",
                        Duration.ofSeconds(60));
                Result shipments =
                        run(
                                home,
                                List.of(
                                        "bin/lodestone",
                                        "ingest",
                                        "shipments",
                                        sample.resolve("shipments.jsonl").toString(),
                                        "-c",
                                        "config/lodestone.properties"),
                                env);
                assertThat(shipments.output())
                        .contains("shipments.jsonl: read 3,296, published 3,294, rejected 2");

                assertThat(SampleAlerts.awaitFromMetrics(httpPort, Duration.ofSeconds(120)))
                        .containsAllEntriesOf(SampleAlerts.WRITTEN_ONCE);
            } finally {
                app.destroy(); // SIGTERM: the app leaves its group and stops
                assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
            }
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result run(Path dir, List<String> command, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private static Process start(Path dir, List<String> command, Map<String, String> env, Path log)
            throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    private static void awaitReady(int port, Process app, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && app.isAlive()) {
            try {
                if (http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://127.0.0.1:"
                                                                        + port
                                                                        + "/health/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the app did not become ready:\n" + Files.readString(log));
    }
}
