package io.lodestone.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.avro.Alert;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.localinfra.Ports;
import io.lodestone.schemas.registry.ApicurioSchemaRegistry;
import io.lodestone.schemas.registry.RegistrySerdes;
import io.lodestone.schemas.topics.TopicContents;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two tarballs unpacked into empty directories, run with nothing but their own files and a JRE.
 * The distribution: its layout, its commented configuration, and {@code bin/lodestone run} against
 * a real broker and registry with the sample dataset ingested by its own {@code bin/lodestone
 * ingest}: the sample's exact alerts. The local distribution: the demo and the servers it ships.
 */
class DistributionIT {

    private static final Path TARBALL =
            Path.of(System.getProperty("lodestone.distribution", "target/lodestone.tar.gz"));
    private static final Path LOCAL_TARBALL =
            Path.of(
                    System.getProperty(
                            "lodestone.local-distribution", "target/lodestone-local.tar.gz"));

    @TempDir Path tmp;

    @Test
    void theTarballRunsFromAnEmptyDirectoryAgainstAnyCluster() throws Exception {
        Path home = unpack(TARBALL, "empty");
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
                        Duration.ofMinutes(3));
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

                assertThat(
                                SampleAlerts.awaitFromMetrics(
                                        infra.bootstrapServers(),
                                        "lodestone",
                                        "lodestone.shipments",
                                        httpPort))
                        .containsAllEntriesOf(SampleAlerts.WRITTEN_ONCE);
            } finally {
                app.destroy(); // SIGTERM: the app leaves its group and stops
                assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
            }
        }
    }

    /**
     * The local tarball unpacked into an empty directory: with no clone and no Maven, its {@code
     * bin/lodestone demo} starts the broker and registry it ships (infra/), runs the sample through
     * the app and leaves the servers running; the sample's standing alerts are on its alerts topic;
     * {@code infra up --connect} adds the Connect worker with the shipped plugin; {@code infra
     * status} and {@code infra down} find and stop them all.
     */
    @Test
    void theLocalTarballRunsTheDemoAndTheServersWithoutAClone() throws Exception {
        Path home = unpack(LOCAL_TARBALL, "local");
        assertThat(home.getFileName().toString()).endsWith("-local");
        assertThat(home.resolve("infra/kafka/lib"))
                .isDirectoryContaining("glob:**/kafka_2.13-*.jar");
        assertThat(home.resolve("infra/registry")).isDirectoryContaining("glob:**/*-runner.jar");
        assertThat(home.resolve("infra/connect-plugins/lodestone-connectors")).isDirectory();
        assertThat(home.resolve("lib")).isDirectoryContaining("glob:**/lodestone-devtools-*.jar");
        assertThat(home.resolve("sample-data/shipments.jsonl")).isRegularFile();

        Path data = tmp.resolve("local-data");
        int broker = Ports.freePort();
        int registry = Ports.freePort();
        List<String> ports =
                List.of(
                        "--data-dir",
                        data.toString(),
                        "--broker-port",
                        String.valueOf(broker),
                        "--controller-port",
                        String.valueOf(Ports.freePort()),
                        "--registry-port",
                        String.valueOf(registry),
                        "--connect-port",
                        String.valueOf(Ports.freePort()));
        List<String> demo =
                new ArrayList<>(
                        List.of(
                                "bin/lodestone",
                                "demo",
                                "--shipments",
                                "sample-data/shipments.jsonl",
                                "--licenses",
                                "sample-data/licenses.jsonl",
                                "--rate",
                                "0",
                                "--keep-running"));
        demo.addAll(ports);
        try {
            Result ran = run(home, demo, Map.of(), Duration.ofMinutes(8));
            assertThat(ran.exitCode()).as(ran.output()).isZero();
            assertThat(ran.output())
                    .as(ran.output())
                    .contains("Kafka broker ready", "schema registry ready", "[5/5] summary")
                    .contains("left running; stop them with ./bin/lodestone infra down");
            Matcher topics = Pattern.compile("topics (demo-[0-9-]+)\\.\\*").matcher(ran.output());
            assertThat(topics.find()).as(ran.output()).isTrue();
            String bootstrap = "127.0.0.1:" + broker;
            ConsumerGroups.requireProcessed(
                    bootstrap,
                    "lodestone-" + topics.group(1),
                    topics.group(1) + ".shipments",
                    Duration.ofMinutes(5));
            assertThat(standingAlerts(bootstrap, "http://127.0.0.1:" + registry, topics.group(1)))
                    .containsAllEntriesOf(SampleAlerts.WRITTEN_ONCE);

            List<String> up =
                    new ArrayList<>(
                            List.of("bin/lodestone", "infra", "up", "--detach", "--connect"));
            up.addAll(ports);
            Result connect = run(home, up, Map.of(), Duration.ofMinutes(4));
            assertThat(connect.exitCode()).as(connect.output()).isZero();
            assertThat(connect.output())
                    .contains("ready: Kafka Connect")
                    .contains("(plugins: " + home.resolve("infra/connect-plugins") + ")");

            List<String> status = new ArrayList<>(List.of("bin/lodestone", "infra", "status"));
            status.addAll(ports);
            assertThat(run(home, status, Map.of(), Duration.ofMinutes(1)).output())
                    .containsPattern(
                            "Kafka broker +running, pid \\d+, 127.0.0.1:" + broker + ", ready")
                    .containsPattern("schema registry +running, pid \\d+, .*, ready")
                    .containsPattern("Connect worker +running, pid \\d+, .*, ready");
        } finally {
            List<String> down = new ArrayList<>(List.of("bin/lodestone", "infra", "down"));
            down.addAll(ports);
            Result stopped = run(home, down, Map.of(), Duration.ofMinutes(2));
            assertThat(stopped.exitCode()).as(stopped.output()).isZero();
        }
        assertThat(Ports.isFree(broker)).as("the broker stopped").isTrue();
    }

    /** Alerts standing on {@code prefix}.alerts by type: each id's newest record, not withdrawn. */
    private static Map<String, Double> standingAlerts(
            String bootstrap, String registryUrl, String prefix) {
        Map<String, Alert> newest = new HashMap<>();
        for (ConsumerRecord<String, Alert> r :
                TopicContents.readCommitted(
                        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                        prefix + ".alerts",
                        new StringDeserializer(),
                        RegistrySerdes.<Alert>valueSerde(ApicurioSchemaRegistry.of(registryUrl))
                                .deserializer())) {
            newest.put(r.key(), r.value());
        }
        Map<String, Double> standing = new TreeMap<>();
        newest.values().stream()
                .filter(a -> !"WITHDRAWN".equals(a.getDetails().get("status")))
                .forEach(a -> standing.merge(a.getType(), 1.0, Double::sum));
        return standing;
    }

    private Path unpack(Path tarball, String dir) throws Exception {
        Path unpacked = Files.createDirectories(tmp.resolve(dir));
        Result untar =
                run(
                        unpacked,
                        List.of("tar", "-xzf", tarball.toAbsolutePath().toString()),
                        Map.of());
        assertThat(untar.exitCode()).as(untar.output()).isZero();
        try (Stream<Path> top = Files.list(unpacked)) {
            return top.findFirst().orElseThrow();
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result run(Path dir, List<String> command, Map<String, String> env)
            throws IOException, InterruptedException {
        return run(dir, command, env, Duration.ofMinutes(2));
    }

    private static Result run(
            Path dir, List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS))
                .as(String.join(" ", command))
                .isTrue();
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
