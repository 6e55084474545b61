package io.lodestone.devtools;

import io.lodestone.app.LodestoneApp;
import io.lodestone.avro.Case;
import io.lodestone.avro.CaseStatus;
import io.lodestone.cases.CaseFile;
import io.lodestone.cli.CasesCommand;
import io.lodestone.cli.IngestCommand;
import io.lodestone.cli.UserFacingException;
import io.lodestone.config.ConfigOption;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.declarations.EventKind;
import io.lodestone.declarations.FileIngest;
import io.lodestone.localinfra.GroupProgress;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.simulator.Scenario;
import io.lodestone.simulator.ScenarioSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * End to end on the local default: a simulated history with every scenario, broker and registry up,
 * the stream app running, the history replayed as a live feed with alerts shown as they fire, then
 * a summary.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run everything end to end on the local default: simulate two years of shipments and"
                    + " licences with every scenario (the antimony diversion, the germanium"
                    + " collapse, the magnet base effect, benign flows), start a real Kafka broker"
                    + " and schema registry, run the stream app, replay the history as a live feed"
                    + " showing alerts as they fire, then summarise. Each run uses fresh topics"
                    + " (prefix demo-<time>.).",
            "Stops what it started at the end or on Ctrl-C."
        })
final class DemoCommand implements Callable<Integer> {

    private static final int OPEN_CASES_SHOWN = 15;

    private static final Duration REPLAY = Duration.ofSeconds(30);

    /** How long the summary waits for the app to process the replayed shipments. */
    private static final Duration CATCH_UP = Duration.ofMinutes(5);

    @Mixin InfraOptions infra;

    @Option(
            names = "--shipments",
            paramLabel = "FILE",
            description =
                    "Shipments JSON Lines to replay instead of the simulated history (e.g."
                            + " producers/sample-data/shipments.jsonl).")
    Path shipments;

    @Option(
            names = "--licenses",
            paramLabel = "FILE",
            description = "Licences JSON Lines to go with --shipments.")
    Path licenses;

    @Option(
            names = "--rate",
            paramLabel = "N",
            description =
                    "Replay at most N shipments a second (default: whatever takes about 30 s; 0: as"
                            + " fast as possible).")
    Double rate;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the simulated history (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--keep-running",
            description =
                    "Leave the broker and registry running afterwards (stop with 'lodestone infra"
                            + " down').")
    boolean keepRunning;

    /** The files to replay: given, or a simulated history. */
    private record History(Path shipments, Path licences, long shipmentLines) {}

    @Override
    public Integer call() throws IOException, InterruptedException {
        LocalInfra.Settings settings = infra.settings();
        if ((shipments == null) != (licenses == null)) {
            throw new UserFacingException(
                    "give --shipments and --licenses together (or neither, for the simulated"
                            + " history)");
        }
        if (rate != null && rate < 0) {
            throw new UserFacingException(
                    "--rate must be a positive number of shipments a second, or 0 for as fast as"
                            + " possible; got "
                            + rate);
        }
        step(1, "history to replay");
        History history = history(settings);
        double replayRate =
                rate != null
                        ? rate
                        : Math.max(
                                1,
                                Math.ceil(history.shipmentLines() / (double) REPLAY.toSeconds()));

        step(2, "local Kafka broker and schema registry");
        LocalInfra servers = LocalInfra.up(settings, line -> System.out.println("  " + line));
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    if (!keepRunning) {
                                        servers.close();
                                    }
                                },
                                "demo-cleanup"));
        LodestoneConfig config = demoConfig(settings, servers);

        step(3, "stream app (exactly-once, event time, topics " + config.topics().prefix() + "*)");
        try (LodestoneApp app = LodestoneApp.start(config)) {
            if (!app.awaitRunning(Duration.ofSeconds(90))) {
                throw new UserFacingException(
                        "the stream app did not reach RUNNING (state "
                                + app.state()
                                + "); see the log above");
            }
            System.out.println(
                    "  running; metrics at http://127.0.0.1:" + app.httpPort() + "/metrics");

            step(
                    4,
                    String.format(
                            "replay: %,d shipments at %s a second; alerts as they fire (event date,"
                                    + " severity, type, route)",
                            history.shipmentLines(),
                            replayRate == 0
                                    ? "as many as possible"
                                    : String.format("%,.0f", replayRate)));
            replayAndSummarise(config, history, replayRate);
            DeadLetterSummary.print(config, System.out);
            printOpenCases(config);
        }
        System.out.println();
        if (keepRunning) {
            System.out.println(
                    "Broker "
                            + servers.bootstrapServers()
                            + " and registry "
                            + servers.registryUrl()
                            + " left running; stop them with "
                            + infra.downCommand());
        }
        return 0;
    }

    /**
     * --shipments and --licenses, or two simulated years with every scenario written under the data
     * directory.
     */
    private History history(LocalInfra.Settings settings) throws IOException {
        Path shipmentsFile = shipments;
        Path licensesFile = licenses;
        if (shipments == null) {
            Path dir = Files.createDirectories(settings.dataDir().resolve("demo"));
            shipmentsFile = dir.resolve("shipments.jsonl");
            licensesFile = dir.resolve("licences.jsonl");
            ScenarioSimulator simulator =
                    new ScenarioSimulator(
                            seed,
                            LocalDate.of(2024, 1, 1),
                            LocalDate.of(2026, 1, 1),
                            LocalDate.of(2024, 12, 3),
                            EnumSet.allOf(Scenario.class));
            int licenceCount = simulator.writeLicences(licensesFile);
            int shipmentCount = simulator.writeShipments(shipmentsFile);
            System.out.printf(
                    "  simulated 2024-01-01..2025-12-31 (seed %d): %,d shipments, %,d licences ->"
                            + " %s%n",
                    seed, shipmentCount, licenceCount, dir);
            System.out.println(
                    "  scenarios from 2024-12-03 (the US ban): antimony CN→US diverted through TH"
                        + " and MX; germanium from CN collapses everywhere; magnets to the US jump"
                        + " after a near-zero month; benign AU/CL flows throughout");
        }
        for (Path file : List.of(shipmentsFile, licensesFile)) {
            if (!Files.isReadable(file)) {
                throw new UserFacingException(
                        "cannot read " + file + " (check --shipments/--licenses)");
            }
        }
        try (var lines = Files.lines(shipmentsFile)) {
            return new History(
                    shipmentsFile, licensesFile, lines.filter(line -> !line.isBlank()).count());
        }
    }

    /** Topics and an application id of this run's own, so every demo starts from nothing. */
    private static LodestoneConfig demoConfig(LocalInfra.Settings settings, LocalInfra servers) {
        String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return LodestoneConfig.of(
                Map.of(
                        ConfigOption.BOOTSTRAP_SERVERS.key(),
                        servers.bootstrapServers(),
                        ConfigOption.SCHEMA_REGISTRY_URL.key(),
                        servers.registryUrl(),
                        ConfigOption.TOPIC_PREFIX.key(),
                        "demo-" + run + ".",
                        ConfigOption.APPLICATION_ID.key(),
                        "lodestone-demo-" + run,
                        ConfigOption.STATE_DIR.key(),
                        settings.dataDir().resolve("streams-state").toString(),
                        ConfigOption.HTTP_PORT.key(),
                        "0"));
    }

    /**
     * The licences, then the shipments at {@code replayRate} while the board and the alert feed
     * follow; then the summary.
     */
    private static void replayAndSummarise(
            LodestoneConfig config, History history, double replayRate)
            throws IOException, InterruptedException {
        IngestCommand.ingest(config, EventKind.LICENSES, List.of(history.licences()), 0);
        AtomicReference<Exception> ingestFailure = new AtomicReference<>();
        Thread ingest =
                new Thread(
                        () -> {
                            // the live view below shows the progress; only rejected lines are worth
                            // a line of their own
                            try (Producer<String, SpecificRecord> producer =
                                    FileIngest.createProducer(
                                            config.kafkaClient(ProducerConfig.configNames()),
                                            config.registry())) {
                                new FileIngest(
                                                producer,
                                                config.topics().shipments(),
                                                EventKind.SHIPMENTS,
                                                replayRate)
                                        .run(
                                                history.shipments(),
                                                line -> {
                                                    if (line.startsWith("rejected")) {
                                                        System.out.println("  " + line);
                                                    }
                                                });
                            } catch (Exception e) {
                                ingestFailure.set(e);
                            }
                        },
                        "demo-replay");
        ingest.start();
        try (RouteVolumeBoard board = new RouteVolumeBoard(config);
                AlertFeed alerts = new AlertFeed(config)) {
            board.follow(
                    Duration.ofSeconds(6),
                    Duration.ofMinutes(3),
                    System.out,
                    () -> alerts.poll(System.out) | ingest.isAlive());
            ingest.join();
            if (ingestFailure.get() != null) {
                throw new UserFacingException(
                        "the replay failed: " + ingestFailure.get().getMessage());
            }
            awaitApp(config);
            // the alerts of the last shipments, and of the licence quotas walked every 5 s
            board.follow(
                    Duration.ofSeconds(6),
                    Duration.ofMinutes(1),
                    System.out,
                    () -> alerts.poll(System.out));
            step(5, "summary");
            board.printTopRoutes(System.out, 12);
            board.printMonthly(System.out, "antimony", 6);
            alerts.printSummary(System.out);
        }
    }

    /**
     * Waits until the app has processed every replayed shipment (a loaded machine runs it behind
     * the replay), or says that the summary shows only what it had.
     */
    private static void awaitApp(LodestoneConfig config) throws InterruptedException {
        boolean caughtUp;
        try {
            caughtUp =
                    GroupProgress.awaitProcessed(
                            config.kafkaClient(AdminClientConfig.configNames()),
                            config.applicationId(),
                            config.topics().shipments(),
                            CATCH_UP,
                            line -> {});
        } catch (ExecutionException e) {
            throw new UserFacingException(
                    "cannot read the stream app's progress from the broker: "
                            + e.getCause().getMessage());
        }
        if (!caughtUp) {
            System.out.printf(
                    "  the app had not processed every shipment after %d minutes: the summary"
                            + " shows what it had%n",
                    CATCH_UP.toMinutes());
        }
    }

    /**
     * The investigations the alerts make, once the cases have caught up with the last alerts
     * (unchanged for two seconds).
     */
    private static void printOpenCases(LodestoneConfig config) throws InterruptedException {
        Map<String, Case> cases = CasesCommand.read(config);
        for (int i = 0; i < 10; i++) {
            Thread.sleep(2_000);
            Map<String, Case> now = CasesCommand.read(config);
            if (now.equals(cases)) {
                break;
            }
            cases = now;
        }
        List<Case> open =
                cases.values().stream()
                        .filter(c -> c.getStatus() != CaseStatus.CLOSED)
                        .sorted(CaseFile.MOST_URGENT_FIRST)
                        .toList();
        long alerts = cases.values().stream().mapToLong(Case::getAlertCount).sum();
        System.out.printf(
                "%n  Open cases: %d investigations from %,d alerts (lodestone cases list | show |"
                        + " ack | suppress | close)%n",
                open.size(), alerts);
        CasesCommand.printTable(
                open.subList(0, Math.min(OPEN_CASES_SHOWN, open.size())), System.out);
        if (open.size() > OPEN_CASES_SHOWN) {
            System.out.println("  … and " + (open.size() - OPEN_CASES_SHOWN) + " more");
        }
    }

    private static void step(int n, String what) {
        System.out.printf("%n[%d/5] %s%n", n, what);
    }
}
