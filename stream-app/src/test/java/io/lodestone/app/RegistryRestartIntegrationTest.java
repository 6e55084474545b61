package io.lodestone.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.config.LodestoneConfig;
import io.lodestone.declarations.EventKind;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.testing.Ingest;
import io.lodestone.testing.OwnInfra;
import io.lodestone.testing.PipelineOutputs;
import io.lodestone.testing.SimulatedHistory;
import io.lodestone.testing.TopicReader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local schema registry stopped and started again halfway through an ingest, on a broker and
 * registry of the test's own: the schema ids stay the same, and an app that starts afterwards (so
 * resolves every id from the restarted registry) gives exactly the alerts and route totals of an
 * undisturbed run.
 */
class RegistryRestartIntegrationTest {

    @TempDir Path tmp;

    @Test
    void theRegistryRestartedDuringIngestKeepsItsIdsAndTheRunItsOutputs() throws Exception {
        SimulatedHistory.Files history = SimulatedHistory.write(tmp);
        List<String> lines = Files.readAllLines(history.shipments());
        Path firstHalf =
                Files.write(tmp.resolve("first.jsonl"), lines.subList(0, lines.size() / 2));
        Path secondHalf =
                Files.write(
                        tmp.resolve("second.jsonl"), lines.subList(lines.size() / 2, lines.size()));
        try (OwnInfra infra = OwnInfra.up(tmp)) {
            LodestoneConfig undisturbed = infra.app("undisturbed", Map.of());
            Ingest.history(undisturbed, history);

            LodestoneConfig restarted = infra.app("restarted", Map.of());
            Ingest.file(restarted, EventKind.LICENSES, history.licences(), 0);
            assertThat(Ingest.file(restarted, EventKind.SHIPMENTS, firstHalf, 0).rejected())
                    .isZero();
            assertThat(LocalInfra.stopRegistry(infra.settings()))
                    .startsWith("stopped schema registry");
            infra.restart(); // the broker is reused, the registry starts again on its stored
            // schemas
            // A new producer: it asks the restarted registry for the id.
            assertThat(Ingest.file(restarted, EventKind.SHIPMENTS, secondHalf, 0).rejected())
                    .isZero();

            assertThat(schemaIds(restarted))
                    .as("one schema id for every shipment, before and after the restart")
                    .isEqualTo(schemaIds(undisturbed))
                    .hasSize(1);
            assertThat(run(restarted)).isEqualTo(SimulatedHistory.undisturbedOutputs());
        }
    }

    /**
     * The schema ids in the Confluent framing (magic byte 0, then the 4-byte id) of every shipment
     * record.
     */
    private static Set<Integer> schemaIds(LodestoneConfig config) {
        Set<Integer> ids = new TreeSet<>();
        TopicReader.readAll(
                        config.bootstrapServers(),
                        config.topics().shipments(),
                        new StringDeserializer(),
                        new ByteArrayDeserializer())
                .forEach(r -> ids.add(ByteBuffer.wrap(r.value(), 1, 4).getInt()));
        return ids;
    }

    private static PipelineOutputs run(LodestoneConfig config) throws Exception {
        try (LodestoneApp app = LodestoneApp.start(config)) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            return PipelineOutputs.await(config);
        }
    }
}
