package io.lodestone.cli;

import io.lodestone.config.LodestoneConfig;
import io.lodestone.producers.ingest.EventKind;
import io.lodestone.producers.simulator.Population;
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

    @Option(names = "--diversions", defaultValue = "0", paramLabel = "N",
            description = "Also inject N diversions of random restricted pairs through one or two hubs each (default: ${DEFAULT-VALUE}).")
    int diversions;

    @Option(names = "--controls", defaultValue = "0", paramLabel = "N",
            description = "Also add N restricted pairs that are not diverted: collapses no hub takes up, steady flows, hub flows that grow "
                    + "while the direct flow stays (default: ${DEFAULT-VALUE}).")
    int controls;

    @Option(names = "--benign-routes", defaultValue = "0", paramLabel = "N",
            description = "Also add N unrestricted routes, sparse to dense (default: ${DEFAULT-VALUE}).")
    int benignRoutes;

    @Option(names = "--control-list-out", paramLabel = "FILE",
            description = "Where to write the control list restricting the injected and control pairs (needed with --diversions or "
                    + "--controls; run Lodestone with control.list.file=FILE).")
    Path controlListOut;

    @Option(names = "--licences-out", paramLabel = "FILE",
            description = "Where to write the export licences the simulated Chinese exporters cite (JSON Lines). Without it they are not written, "
                    + "and their shipments raise licence alerts.")
    Path licencesOut;

    @Option(names = "--publish", description = "Also publish the files to the configured cluster (licences first), as 'ingest' would.")
    boolean publish;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "N",
            description = "With --publish: at most N shipments a second, like a live feed (default: 0, as fast as possible).")
    double rate;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        Population population = null;
        if (diversions + controls + benignRoutes > 0) {
            if (diversions + controls > 0 && controlListOut == null) {
                throw new UserFacingException("--diversions and --controls restrict pairs of their own: give --control-list-out FILE to write "
                        + "the control list Lodestone must run with");
            }
            population = new Population(seed, diversions, controls, benignRoutes, turningPoint);
            if (controlListOut != null) {
                population.writeControlList(controlListOut);
                System.out.printf("control list with %d restricted pairs -> %s (run with control.list.file=%s)%n",
                        diversions + controls, controlListOut, controlListOut);
            }
        }
        if (rate < 0) {
            throw new UserFacingException("--rate must be a positive number of shipments a second (or 0 for as fast as possible), got " + rate);
        }
        ScenarioSimulator simulator = new ScenarioSimulator(seed, from, to, turningPoint, scenarios, population);
        if (licencesOut != null) {
            System.out.printf("simulated %,d licences -> %s%n", simulator.writeLicences(licencesOut), licencesOut);
        }
        int count = simulator.writeShipments(out);
        System.out.printf("simulated %,d shipments %s..%s with %s%s (seed %d) -> %s%n", count, from, to, scenarios,
                population == null ? "" : String.format(", %d diversions, %d controls, %d benign routes", diversions, controls, benignRoutes),
                seed, out);
        if (publish) {
            LodestoneConfig cfg = config.load();
            if (cfg.createTopics()) {
                TopicProvisioner.createMissing(cfg.bootstrapServers(), cfg.topics().definitions(cfg.topicPartitions(), cfg.replicationFactor()),
                        Duration.ofSeconds(30));
            }
            if (licencesOut != null) {
                IngestCommand.ingest(cfg, EventKind.LICENSES, List.of(licencesOut), 0);
            }
            IngestCommand.ingest(cfg, EventKind.SHIPMENTS, List.of(out), rate);
        }
        return 0;
    }
}
