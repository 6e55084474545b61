package io.lodestone.cli;

import io.lodestone.config.LodestoneConfig;
import io.lodestone.producers.ingest.EventKind;
import io.lodestone.producers.simulator.Scenario;
import io.lodestone.producers.simulator.ScenarioSimulator;
import io.lodestone.schemas.topics.TopicProvisioner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** Generates a seeded shipment history with named scenarios, as JSON Lines, and optionally publishes it. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Generate a seeded history of shipments: steady seasonal flows plus the scenarios you switch on,",
                "written as JSON Lines (the ingest format); --publish also sends it to the configured cluster."})
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--scenario", paramLabel = "NAME", split = ",",
            description = "Scenarios (repeatable or comma-separated): ${COMPLETION-CANDIDATES}. Default: all.")
    Set<Scenario> scenarios = EnumSet.allOf(Scenario.class);

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}); the same seed gives the same file.")
    long seed;

    @Option(names = "--from", defaultValue = "2024-01-01", description = "First day (default: ${DEFAULT-VALUE}).")
    LocalDate from;

    @Option(names = "--to", defaultValue = "2026-01-01", description = "Day after the last (default: ${DEFAULT-VALUE}).")
    LocalDate to;

    @Option(names = "--turning-point", defaultValue = "2024-12-03",
            description = "When the scenarios change the flows (default: ${DEFAULT-VALUE}, the US ban).")
    LocalDate turningPoint;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the shipments (JSON Lines).")
    Path out;

    @Option(names = "--publish", description = "Also publish the file to the configured cluster, as 'ingest shipments' would.")
    boolean publish;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        int count = new ScenarioSimulator(seed, from, to, turningPoint, scenarios).writeShipments(out);
        System.out.printf("simulated %,d shipments %s..%s with %s (seed %d) -> %s%n", count, from, to, scenarios, seed, out);
        if (publish) {
            LodestoneConfig cfg = config.load();
            if (cfg.createTopics()) {
                TopicProvisioner.createMissing(cfg.bootstrapServers(), cfg.topics().definitions(cfg.topicPartitions(), cfg.replicationFactor()),
                        Duration.ofSeconds(30));
            }
            IngestCommand.ingest(cfg, EventKind.SHIPMENTS, List.of(out));
        }
        return 0;
    }
}
