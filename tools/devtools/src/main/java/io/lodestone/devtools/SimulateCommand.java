package io.lodestone.devtools;

import io.lodestone.cli.ConfigOptions;
import io.lodestone.cli.IngestCommand;
import io.lodestone.cli.UserFacingException;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.declarations.EventKind;
import io.lodestone.schemas.topics.TopicProvisioner;
import io.lodestone.simulator.DetectionGrid;
import io.lodestone.simulator.Scenario;
import io.lodestone.simulator.ScenarioSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Generates a seeded shipment history with named scenarios, as JSON Lines, and optionally publishes
 * it.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Generate a seeded history of shipments: steady seasonal flows plus the scenarios you"
                    + " switch on, written as JSON Lines (the ingest format); --publish also sends"
                    + " it to the configured cluster."
        })
final class SimulateCommand implements Callable<Integer> {

    @Option(
            names = "--scenario",
            paramLabel = "NAME",
            split = ",",
            description =
                    "Scenarios (repeatable or comma-separated): ${COMPLETION-CANDIDATES}. Default:"
                            + " all.")
    Set<Scenario> scenarios = EnumSet.allOf(Scenario.class);

    @Option(
            names = "--seed",
            defaultValue = "42",
            description =
                    "Random seed (default: ${DEFAULT-VALUE}); the same seed gives the same file.")
    long seed;

    @Option(
            names = "--from",
            defaultValue = "2024-01-01",
            description = "First day (default: ${DEFAULT-VALUE}).")
    LocalDate from;

    @Option(
            names = "--to",
            defaultValue = "2026-01-01",
            description = "Day after the last (default: ${DEFAULT-VALUE}).")
    LocalDate to;

    @Option(
            names = "--turning-point",
            defaultValue = "2024-12-03",
            description =
                    "When the scenarios change the flows (default: ${DEFAULT-VALUE}, the US ban).")
    LocalDate turningPoint;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "Where to write the shipments (JSON Lines).")
    Path out;

    @Option(
            names = "--grid",
            description =
                    "Also add the detection grid, a seeded population with its ground truth for"
                        + " measuring the rerouting detectors: in every cell of commodity"
                        + " (germanium and gallium at 0.1-0.5 t a declaration, antimony oxide 15-25"
                        + " t, graphite 25-40 t) x direct flow of 1, 2, 4, 8, 16 or 32 declarations"
                        + " a month x diverted share of 30, 60 or 100%%, --grid-replicates"
                        + " restricted pairs (origins RU, BY, IR, MM, KP) whose direct flow loses"
                        + " that share to one or two hubs from the turning point, varying the"
                        + " number of hubs, the onward leg's lag (0-2 months), the declared origin"
                        + " (true or the hub's) and step or 3-month ramp; 72 restricted pairs that"
                        + " are not diverted (a collapse no hub takes up, hub flows that grow while"
                        + " the direct flow stays, a strongly seasonal flow); 240 unrestricted"
                        + " routes, half of them sparse with silent months and heavy-tailed"
                        + " weights. Needs --control-list-out.")
    boolean grid;

    @Option(
            names = "--grid-replicates",
            defaultValue = "4",
            paramLabel = "N",
            description =
                    "With --grid: diversions in each of the grid's 72 cells, 1 to 6 (default:"
                            + " ${DEFAULT-VALUE}).")
    int gridReplicates;

    @Option(
            names = "--control-list-out",
            paramLabel = "FILE",
            description =
                    "With --grid: where to write the control list restricting the grid's diverted"
                            + " and control pairs from the turning point (run Lodestone with"
                            + " control.list.file=FILE).")
    Path controlListOut;

    @Option(
            names = "--licences-out",
            paramLabel = "FILE",
            description =
                    "Where to write the export licences the simulated Chinese exporters cite (JSON"
                            + " Lines). Without it they are not written, and their shipments raise"
                            + " licence alerts.")
    Path licencesOut;

    @Option(
            names = "--publish",
            description =
                    "Also publish the files to the configured cluster (licences first), as 'ingest'"
                            + " would.")
    boolean publish;

    @Option(
            names = "--rate",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "With --publish: at most N shipments a second, like a live feed (default: 0, as"
                            + " fast as possible).")
    double rate;

    @Mixin ConfigOptions config;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rate < 0) {
            throw new UserFacingException(
                    "--rate must be a positive number of shipments a second (or 0 for as fast as"
                            + " possible), got "
                            + rate);
        }
        if (!grid
                && (controlListOut != null
                        || spec.commandLine()
                                .getParseResult()
                                .hasMatchedOption("--grid-replicates"))) {
            throw new UserFacingException(
                    "--control-list-out and --grid-replicates go with --grid");
        }
        DetectionGrid detectionGrid = grid ? detectionGrid() : null;
        ScenarioSimulator simulator =
                new ScenarioSimulator(seed, from, to, turningPoint, scenarios, detectionGrid);
        if (licencesOut != null) {
            System.out.printf(
                    "simulated %,d licences -> %s%n",
                    simulator.writeLicences(licencesOut), licencesOut);
        }
        int count = simulator.writeShipments(out);
        System.out.printf(
                "simulated %,d shipments %s..%s with %s%s (seed %d) -> %s%n",
                count,
                from,
                to,
                scenarios,
                detectionGrid == null
                        ? ""
                        : String.format(
                                " and the detection grid (%d diversions, %d controls, %d benign"
                                        + " routes)",
                                detectionGrid.diversions().size(),
                                detectionGrid.controls().size(),
                                detectionGrid.benignRoutes().size()),
                seed,
                out);
        if (publish) {
            LodestoneConfig cfg = config.load();
            if (cfg.createTopics()) {
                TopicProvisioner.createMissing(
                        cfg.kafkaClient(AdminClientConfig.configNames()),
                        cfg.topics().definitions(cfg.topicPartitions(), cfg.replicationFactor()),
                        Duration.ofSeconds(30));
            }
            if (licencesOut != null) {
                IngestCommand.ingest(cfg, EventKind.LICENSES, List.of(licencesOut), 0);
            }
            IngestCommand.ingest(cfg, EventKind.SHIPMENTS, List.of(out), rate);
        }
        return 0;
    }

    /**
     * The detection grid of this seed and turning point, its control list written to
     * --control-list-out.
     */
    private DetectionGrid detectionGrid() throws Exception {
        if (controlListOut == null) {
            throw new UserFacingException(
                    "--grid restricts pairs of its own: give --control-list-out FILE to write the"
                            + " control list Lodestone must run with");
        }
        DetectionGrid detectionGrid;
        try {
            detectionGrid = new DetectionGrid(seed, turningPoint, gridReplicates);
        } catch (IllegalArgumentException e) {
            throw new UserFacingException(
                    "--grid-replicates " + gridReplicates + ": " + e.getMessage());
        }
        detectionGrid.writeControlList(controlListOut);
        System.out.printf(
                "control list with %d restricted pairs -> %s (run with control.list.file=%s)%n",
                detectionGrid.diversions().size() + detectionGrid.controls().size(),
                controlListOut,
                controlListOut);
        return detectionGrid;
    }
}
