package io.lodestone.app;

import io.lodestone.config.LodestoneConfig;
import io.lodestone.localinfra.junit.KafkaBrokerExtension;
import io.lodestone.localinfra.junit.SchemaRegistryExtension;
import io.lodestone.producers.ingest.EventKind;
import io.lodestone.producers.ingest.FileIngest;
import io.lodestone.schemas.topics.TopicProvisioner;
import io.lodestone.testing.PipelineOutputs;
import io.lodestone.testing.SimulatedHistory;
import io.lodestone.testing.TestConfigs;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three {@code kill -9}s of the stream app during a replay, one of them during the restart's rebalance, on a
 * real broker: the alerts and the route totals (the newest record per route and day) are exactly those of an
 * undisturbed run of the same input. The app runs as a child JVM, so the kill is the operating system's.
 */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class CrashRecoveryIntegrationTest {

    private static final int PARTITIONS = 3;

    @TempDir
    Path tmp;

    @Test
    void threeKillsDuringAReplayGiveExactlyTheOutputsOfAnUndisturbedRun() throws Exception {
        SimulatedHistory.Files history = SimulatedHistory.write(tmp);

        LodestoneConfig undisturbed = config("undisturbed");
        ingest(undisturbed, history);
        PipelineOutputs expected;
        try (LodestoneApp app = LodestoneApp.start(undisturbed)) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            expected = PipelineOutputs.await(undisturbed);
        }

        LodestoneConfig crashed = config("crashed");
        ingest(crashed, history);
        Path log = tmp.resolve("crashed-app.log");
        Process app = startChild(crashed, log);
        app = killWhenWritten(app, 0.2, crashed, log, expected);   // a fifth of the route totals out
        Thread.sleep(1_500);                                       // the restart still rebalancing and restoring
        app = kill(app, crashed, log, expected);
        app = killWhenWritten(app, 0.6, crashed, log, expected);
        Files.readAllLines(log).stream().filter(l -> l.startsWith("---") || l.contains("Kafka Streams") && l.contains("->"))
                .forEach(l -> System.out.println("crashed app: " + l));
        try {
            PipelineOutputs actual = PipelineOutputs.await(crashed);
            assertThat(actual.alerts().keySet()).isEqualTo(expected.alerts().keySet());
            assertThat(actual.alerts()).isEqualTo(expected.alerts());
            assertThat(actual.routeTotals()).isEqualTo(expected.routeTotals());
            assertThat(expected.alerts()).hasSizeGreaterThan(100);
            assertThat(expected.routeTotals()).hasSizeGreaterThan(10_000);
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    /** Kills {@code app} once it has written {@code share} of the expected route totals (or fails after two minutes). */
    private static Process killWhenWritten(Process app, double share, LodestoneConfig config, Path log, PipelineOutputs expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (PipelineOutputs.read(config).routeTotals().size() < share * expected.routeTotals().size()) {
            assertThat(System.nanoTime()).as("the app wrote " + share + " of the route totals within two minutes").isLessThan(deadline);
            Thread.sleep(200);
        }
        return kill(app, config, log, expected);
    }

    /** SIGKILL, a line saying how far the app got, and the next one started. */
    private static Process kill(Process app, LodestoneConfig config, Path log, PipelineOutputs expected) throws Exception {
        app.destroyForcibly().waitFor();
        PipelineOutputs sofar = PipelineOutputs.read(config);
        System.out.printf("kill -9: %d of %d alerts and %d of %d route-days written so far%n", sofar.alerts().size(), expected.alerts().size(),
                sofar.routeTotals().size(), expected.routeTotals().size());
        return startChild(config, log);
    }

    private LodestoneConfig config(String name) throws Exception {
        LodestoneConfig config = TestConfigs.forBroker(name, tmp.resolve(name + "-state"), Map.of("topic.partitions", String.valueOf(PARTITIONS)));
        TopicProvisioner.createMissing(config.bootstrapServers(), config.topics().definitions(PARTITIONS, (short) 1), Duration.ofSeconds(30));
        return config;
    }

    private static void ingest(LodestoneConfig config, SimulatedHistory.Files history) throws Exception {
        try (Producer<String, SpecificRecord> producer = FileIngest.createProducer(config.bootstrapServers(), config.registryUrl())) {
            new FileIngest(producer, config.topics().licenses(), EventKind.LICENSES).run(history.licences(), line -> { });
            new FileIngest(producer, config.topics().shipments(), EventKind.SHIPMENTS).run(history.shipments(), line -> { });
        }
    }

    /** {@code lodestone run} in a JVM of its own, configured through the environment as an operator would. */
    private static Process startChild(LodestoneConfig config, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "io.lodestone.cli.LodestoneCli", "run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("LODESTONE_BOOTSTRAP_SERVERS", config.bootstrapServers());
        env.put("LODESTONE_SCHEMA_REGISTRY_URL", config.registryUrl());
        env.put("LODESTONE_TOPIC_PREFIX", config.topics().prefix());
        env.put("LODESTONE_APPLICATION_ID", config.applicationId());
        env.put("LODESTONE_STATE_DIR", config.stateDir().toAbsolutePath().toString());
        env.put("LODESTONE_TOPIC_PARTITIONS", String.valueOf(PARTITIONS));
        env.put("LODESTONE_HTTP_PORT", "0");
        Files.writeString(log, "--- start " + java.time.Instant.now() + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        return builder.start();
    }
}
