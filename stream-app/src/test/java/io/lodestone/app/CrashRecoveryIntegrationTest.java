package io.lodestone.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.config.LodestoneConfig;
import io.lodestone.schemas.topics.TopicProvisioner;
import io.lodestone.testing.Ingest;
import io.lodestone.testing.PipelineOutputs;
import io.lodestone.testing.SimulatedHistory;
import io.lodestone.testing.TestConfigs;
import io.lodestone.testsupport.KafkaBrokerExtension;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the stream app during a replay on a real broker: three times in a row (one of
 * them during the restart's rebalance), and one of two instances. Either way the alerts and the
 * route totals (the newest record per route and day) are exactly those of an undisturbed run of the
 * same input. The apps run as child JVMs, so the kill is the operating system's.
 */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashRecoveryIntegrationTest {

    private static final int PARTITIONS = 3;

    /**
     * The session timeout of the child apps: how long a killed instance's tasks wait before another
     * takes them.
     */
    private static final String SESSION_TIMEOUT_MS = "10000";

    @TempDir static Path tmp;

    private SimulatedHistory.Files history;
    private PipelineOutputs expected;

    @BeforeAll
    void runUndisturbed() throws Exception {
        history = SimulatedHistory.write(tmp);
        expected = SimulatedHistory.undisturbedOutputs();
        assertThat(expected.routeTotals()).hasSizeGreaterThan(10_000);
    }

    @Test
    void threeKillsDuringAReplayGiveExactlyTheOutputsOfAnUndisturbedRun() throws Exception {
        LodestoneConfig crashed = config("crashed");
        Ingest.history(crashed, history);
        Path state = tmp.resolve("crashed-state");
        Path log = tmp.resolve("crashed-app.log");
        Process app = startChild(crashed, state, log);
        killWhenWritten(app, 0.2, crashed); // a fifth of the route totals out
        app = startChild(crashed, state, log);
        Thread.sleep(1_500); // the restart still rebalancing and restoring
        kill(app, crashed);
        app = startChild(crashed, state, log);
        killWhenWritten(app, 0.6, crashed);
        app = startChild(crashed, state, log);
        try {
            assertThat(expected.differences(PipelineOutputs.await(crashed)))
                    .as("outputs that differ from the undisturbed run")
                    .isEmpty();
        } finally {
            stop(app, log);
        }
    }

    @Test
    void twoInstancesOneKilledDuringAReplayGiveExactlyTheOutputsOfAnUndisturbedRun()
            throws Exception {
        LodestoneConfig pair = config("pair");
        Ingest.history(pair, history);
        Path log = tmp.resolve("pair-app.log");
        Process a = startChild(pair, tmp.resolve("pair-state-a"), log);
        Process b = startChild(pair, tmp.resolve("pair-state-b"), log);
        try {
            killWhenWritten(a, 0.3, pair); // the other takes its tasks after the session timeout
            assertThat(expected.differences(PipelineOutputs.await(pair)))
                    .as("outputs that differ from the undisturbed run")
                    .isEmpty();
        } finally {
            stop(b, log);
        }
    }

    /**
     * Kills {@code app} once it has written {@code share} of the expected route totals (or fails
     * after two minutes).
     */
    private void killWhenWritten(Process app, double share, LodestoneConfig config)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        // Records written, updates included: at least the route-days written, read cheaply.
        while (PipelineOutputs.routeVolumeRecords(config) < share * expected.routeTotals().size()) {
            assertThat(System.nanoTime())
                    .as("the app wrote " + share + " of the route totals within two minutes")
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
        kill(app, config);
    }

    /** SIGKILL, and a line saying how far the app got. */
    private void kill(Process app, LodestoneConfig config) throws Exception {
        app.destroyForcibly().waitFor();
        PipelineOutputs sofar = PipelineOutputs.read(config);
        System.out.printf(
                "kill -9: %d of %d alerts and %d of %d route-days written so far%n",
                sofar.alerts().size(),
                expected.alerts().size(),
                sofar.routeTotals().size(),
                expected.routeTotals().size());
    }

    /**
     * Stops the last app and prints the starts, state changes and errors of every app of the test.
     */
    private static void stop(Process app, Path log) throws Exception {
        app.destroy();
        app.waitFor();
        Files.readAllLines(log).stream()
                .filter(
                        l ->
                                l.startsWith("---")
                                        || l.contains("Kafka Streams") && l.contains("->")
                                        || l.contains(" ERROR ")
                                        || l.startsWith("Caused by"))
                .forEach(l -> System.out.println(log.getFileName() + ": " + l));
    }

    private static LodestoneConfig config(String name) throws Exception {
        LodestoneConfig config =
                TestConfigs.forBroker(
                        name,
                        tmp.resolve(name + "-state"),
                        Map.of("topic.partitions", String.valueOf(PARTITIONS)));
        TopicProvisioner.createMissing(
                config.bootstrapServers(),
                config.topics().definitions(PARTITIONS, (short) 1),
                Duration.ofSeconds(30));
        return config;
    }

    /**
     * {@code lodestone run} in a JVM of its own with its state in {@code state}, configured through
     * the environment as an operator would.
     */
    private static Process startChild(LodestoneConfig config, Path state, Path log)
            throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx512m",
                                // short-lived: compiling with C1 only saves more CPU than it costs
                                "-XX:TieredStopAtLevel=1",
                                "-XX:+UseSerialGC",
                                "-cp",
                                System.getProperty("java.class.path"),
                                "io.lodestone.app.LodestoneApp")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("LODESTONE_BOOTSTRAP_SERVERS", config.bootstrapServers());
        env.put("LODESTONE_SCHEMA_REGISTRY_URL", config.registryUrl());
        env.put("LODESTONE_TOPIC_PREFIX", config.topics().prefix());
        env.put("LODESTONE_APPLICATION_ID", config.applicationId());
        env.put("LODESTONE_STATE_DIR", state.toAbsolutePath().toString());
        env.put("LODESTONE_TOPIC_PARTITIONS", String.valueOf(PARTITIONS));
        env.put("LODESTONE_HTTP_PORT", "0");
        env.put("LODESTONE_KAFKA_SESSION_TIMEOUT_MS", SESSION_TIMEOUT_MS);
        Files.writeString(
                log,
                "--- start " + state.getFileName() + " " + java.time.Instant.now() + "\n",
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        return builder.start();
    }
}
