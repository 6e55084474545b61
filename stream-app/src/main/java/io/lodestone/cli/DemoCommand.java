package io.lodestone.cli;

import io.lodestone.app.LodestoneApp;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.config.ConfigOption;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.producers.ingest.EventKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * End to end on the local default: broker and registry up, the stream app running, the sample
 * licences and shipments ingested, route volumes followed as they come out, then a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run everything end to end on the local default: start a real Kafka broker and schema registry,",
                "run the stream app, ingest the sample dataset and show the route volumes coming out.",
                "Each run uses fresh topics (prefix demo-<time>.). Stops what it started at the end or on Ctrl-C."})
final class DemoCommand implements Callable<Integer> {

    @Mixin
    InfraOptions infra;

    @Option(names = "--shipments", paramLabel = "FILE", description = "Shipments JSON Lines (default: producers/sample-data/shipments.jsonl).")
    Path shipments;

    @Option(names = "--licenses", paramLabel = "FILE", description = "Licences JSON Lines (default: producers/sample-data/licenses.jsonl).")
    Path licenses;

    @Option(names = "--keep-running", description = "Leave the broker and registry running afterwards (stop with 'lodestone infra down').")
    boolean keepRunning;

    @Override
    public Integer call() throws IOException, InterruptedException {
        LocalInfra.Settings settings = infra.settings();
        Path sample = settings.home().resolve("producers/sample-data");
        Path shipmentsFile = shipments != null ? shipments : sample.resolve("shipments.jsonl");
        Path licensesFile = licenses != null ? licenses : sample.resolve("licenses.jsonl");
        for (Path file : List.of(shipmentsFile, licensesFile)) {
            if (!Files.isReadable(file)) {
                throw new UserFacingException("cannot read " + file + " (pass --shipments/--licenses)");
            }
        }

        step(1, "local Kafka broker and schema registry");
        LocalInfra servers = LocalInfra.up(settings, line -> System.out.println("  " + line));
        Thread cleanup = new Thread(() -> {
            if (!keepRunning) {
                servers.close();
            }
        }, "demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);

        String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        LodestoneConfig config = LodestoneConfig.of(Map.of(
                ConfigOption.BOOTSTRAP_SERVERS.key(), servers.bootstrapServers(),
                ConfigOption.SCHEMA_REGISTRY_URL.key(), servers.registryUrl(),
                ConfigOption.TOPIC_PREFIX.key(), "demo-" + run + ".",
                ConfigOption.APPLICATION_ID.key(), "lodestone-demo-" + run,
                ConfigOption.STATE_DIR.key(), settings.dataDir().resolve("streams-state").toString(),
                ConfigOption.HTTP_PORT.key(), "0"));

        step(2, "stream app (exactly-once, event time, topics " + config.topics().prefix() + "*)");
        try (LodestoneApp app = LodestoneApp.start(config)) {
            if (!app.awaitRunning(Duration.ofSeconds(90))) {
                throw new UserFacingException("the stream app did not reach RUNNING (state " + app.state() + "); see the log above");
            }
            System.out.println("  running; metrics at http://127.0.0.1:" + app.httpPort() + "/metrics");

            step(3, "ingest sample licences and shipments");
            IngestCommand.ingest(config, EventKind.LICENSES, List.of(licensesFile));
            IngestCommand.ingest(config, EventKind.SHIPMENTS, List.of(shipmentsFile));

            step(4, "route volumes and alerts coming out of " + config.topics().routeVolumes() + " and " + config.topics().alerts());
            try (RouteVolumeBoard board = new RouteVolumeBoard(config); AlertFeed alerts = new AlertFeed(config)) {
                board.follow(Duration.ofSeconds(6), Duration.ofMinutes(3), System.out, () -> alerts.poll(System.out));
                step(5, "summary");
                board.printTopRoutes(System.out, 12);
                board.printMonthly(System.out, "antimony", 6);
                alerts.printSummary(System.out);
            }
            DeadLetterSummary.print(config.bootstrapServers(), config.topics().dlq(), System.out);
        }
        System.out.println();
        if (keepRunning) {
            System.out.println("Broker " + servers.bootstrapServers() + " and registry " + servers.registryUrl()
                    + " left running; stop them with ./bin/lodestone infra down");
        }
        return 0;
    }

    private static void step(int n, String what) {
        System.out.printf("%n[%d/5] %s%n", n, what);
    }
}
