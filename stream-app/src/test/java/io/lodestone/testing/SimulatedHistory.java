package io.lodestone.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lodestone.app.LodestoneApp;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.schemas.topics.TopicProvisioner;
import io.lodestone.simulator.Scenario;
import io.lodestone.simulator.ScenarioSimulator;
import io.lodestone.testsupport.KafkaBrokerExtension;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;

/**
 * Two simulated years with every scenario (seed 42, the demo's), written as files for ingest,
 * ending as live traffic goes on.
 */
public final class SimulatedHistory {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The files: licences, then the shipments (the history and the next days' traffic). */
    public record Files(Path licences, Path shipments) {}

    private SimulatedHistory() {}

    private static PipelineOutputs undisturbed;

    /**
     * The alerts and route totals of an undisturbed run of the history: ingested, then the app run
     * on three partitions until its outputs settle, on the test JVM's own broker and registry. What
     * the fault tests compare their disturbed runs with; made once per test run (a run takes half a
     * minute or more): once per JVM, and shared by the forks of one failsafe run through a file in
     * the directory its {@code lodestone.test.runDir} property names, which one fork writes while
     * the others wait.
     */
    public static synchronized PipelineOutputs undisturbedOutputs() throws Exception {
        if (undisturbed != null) {
            return undisturbed;
        }
        String runDir = System.getProperty("lodestone.test.runDir", "");
        if (runDir.isBlank()) {
            undisturbed = runUndisturbed();
            return undisturbed;
        }
        Path shared = Path.of(runDir, "undisturbed-outputs.ser");
        java.nio.file.Files.createDirectories(shared.getParent());
        try (FileChannel lock =
                        FileChannel.open(
                                Path.of(shared + ".lock"),
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE);
                FileLock held = lock.lock()) {
            if (java.nio.file.Files.exists(shared)) {
                try (ObjectInputStream in =
                        new ObjectInputStream(java.nio.file.Files.newInputStream(shared))) {
                    undisturbed = (PipelineOutputs) in.readObject();
                }
            } else {
                undisturbed = runUndisturbed();
                Path written = Path.of(shared + ".tmp");
                try (ObjectOutputStream out =
                        new ObjectOutputStream(java.nio.file.Files.newOutputStream(written))) {
                    out.writeObject(undisturbed);
                }
                java.nio.file.Files.move(written, shared, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return undisturbed;
    }

    private static PipelineOutputs runUndisturbed() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("lodestone-undisturbed");
        Files history = write(dir);
        KafkaBrokerExtension.bootstrapServersStartingIfNeeded();
        SchemaRegistryExtension.urlStartingIfNeeded();
        LodestoneConfig config =
                TestConfigs.forBroker("undisturbed", dir.resolve("state"), Map.of());
        TopicProvisioner.createMissing(
                config.bootstrapServers(),
                config.topics().definitions(config.topicPartitions(), (short) 1),
                Duration.ofSeconds(30));
        Ingest.history(config, history);
        PipelineOutputs outputs;
        try (LodestoneApp app = LodestoneApp.start(config)) {
            if (!app.awaitRunning(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the undisturbed run's app did not reach RUNNING");
            }
            outputs = PipelineOutputs.await(config);
        }
        Utils.delete(dir.toFile());
        if (outputs.alerts().size() <= 100) {
            throw new IllegalStateException(
                    "the undisturbed run wrote only " + outputs.alerts().size() + " alerts");
        }
        return outputs;
    }

    public static Files write(Path dir) throws Exception {
        Path shipments = dir.resolve("simulated.jsonl");
        Path licences = dir.resolve("licences.jsonl");
        ScenarioSimulator simulator =
                new ScenarioSimulator(
                        42,
                        LocalDate.of(2024, 1, 1),
                        LocalDate.of(2026, 1, 1),
                        LocalDate.of(2024, 12, 3),
                        EnumSet.allOf(Scenario.class));
        simulator.writeLicences(licences);
        List<String> lines = new ArrayList<>(simulator.shipments());
        lines.addAll(nextDays(simulator.licences()));
        java.nio.file.Files.write(shipments, lines);
        return new Files(licences, shipments);
    }

    /**
     * A history's last records wait for later traffic: the licence join holds each shipment until
     * its task's stream time is {@code license.join.grace} past it, and judgements wait for the
     * watermark, the slowest partition's time. With one partition the last record moves it; with
     * four, the partitions that last records fell on. So the history ends as live traffic goes on:
     * a shipment under every licence on the next day, then two weeks of a benign flow on every
     * partition (nothing is judged between January 8, when December closes, and February 8).
     */
    private static List<String> nextDays(List<String> licences) throws Exception {
        List<String> shipments = new ArrayList<>();
        for (String line : licences) {
            ObjectNode licence = (ObjectNode) JSON.readTree(line);
            String id = licence.get("licenseId").asText();
            shipments.add(
                    shipment(
                                    "NEXT-DAY-" + id,
                                    "2026-01-02T06:00:00Z",
                                    licence.get("hsCodes").get(0).asText(),
                                    "CN",
                                    licence.get("permittedDestinations").get(0).asText(),
                                    licence.get("exporterId").asText())
                            .put("licenseId", id)
                            .toString());
        }
        for (int i = 0; i < 15 * 8; i++) {
            shipments.add(
                    shipment(
                                    String.format("NEXT-DAYS-%03d", i),
                                    String.format("2026-01-%02dT%02d:00:00Z", 2 + i / 8, 8 + i % 8),
                                    "25041000",
                                    "AU",
                                    "JP",
                                    "AU-EXP-0001")
                            .toString());
        }
        return shipments;
    }

    private static ObjectNode shipment(
            String id, String time, String hsCode, String from, String to, String exporterId) {
        return JSON.createObjectNode()
                .put("shipmentId", id)
                .put("eventTime", time)
                .put("reporter", from)
                .put("flow", "EXPORT")
                .put("hsCode", hsCode)
                .put("originCountry", from)
                .put("exportCountry", from)
                .put("importCountry", to)
                .put("exporterId", exporterId)
                .put("exporterName", "Exporter " + exporterId)
                .put("consigneeId", "NEXT-DAY-BUYER")
                .put("consigneeName", "Next Day Buyer")
                .put("endUse", "CIVILIAN")
                .put("netWeightKg", 1000);
    }
}
