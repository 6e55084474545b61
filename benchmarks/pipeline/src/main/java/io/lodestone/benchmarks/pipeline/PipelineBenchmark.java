package io.lodestone.benchmarks.pipeline;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lodestone.app.LodestoneTopology;
import io.lodestone.app.StreamsSettings;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.localinfra.LocalSecurity;
import io.lodestone.reference.ReferenceData;
import io.lodestone.schemas.registry.AvroSerdes;
import io.lodestone.schemas.topics.TopicProvisioner;
import io.lodestone.schemas.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One run of the pipeline benchmark (issue 6): starts its own broker and registry, pre-loads
 * shipments, then measures Kafka's ConsumerPerformance, a plain consumer, the route-volume topology
 * and the full topology on the same records, and the alert latency of a live stream; prints a table
 * and writes JSON.
 */
@Command(
        name = "benchmark",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Lodestone's throughput against Kafka's own consumer, and its alert latency, on a"
                        + " local broker and registry.")
public final class PipelineBenchmark implements Callable<Integer> {

    @Option(
            names = "--records",
            description = "Shipments to pre-load and process (default: ${DEFAULT-VALUE}).")
    long records = 2_000_000;

    @Option(
            names = "--partitions",
            description =
                    "Partitions of every topic (default: ${DEFAULT-VALUE}, as topic.partitions).")
    int partitions = 3;

    @Option(
            names = "--stream-threads",
            description =
                    "num.stream.threads of the Streams phases (default: ${DEFAULT-VALUE}, Kafka's"
                            + " default).")
    int streamThreads = 1;

    @Option(
            names = "--instances",
            description =
                    "Instances of the app (KafkaStreams clients of one group, each with its own"
                            + " state directory, in this JVM) for phases 3, T and 4 (default:"
                            + " ${DEFAULT-VALUE}).")
    int instances = 1;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description =
                    "A Lodestone or Kafka Streams setting for the Streams phases, as in the"
                            + " properties file (kafka.commit.interval.ms=500); repeatable.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(
            names = "--latency-rate",
            description =
                    "Shipments/s of the live stream in the latency phase (default:"
                            + " ${DEFAULT-VALUE}).")
    int latencyRate = 5_000;

    @Option(
            names = "--latency-seconds",
            description =
                    "How long the live stream runs; 0 skips the latency phase (default:"
                            + " ${DEFAULT-VALUE}).")
    int latencySeconds = 45;

    @Option(
            names = "--seed",
            description = "Seed of the generated shipments (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(
            names = "--jfr",
            paramLabel = "FILE",
            description =
                    "Record phases 3, T, 4 and 5 with JDK Flight Recorder (profile settings), each"
                            + " into its own file: FILE with -3, -T, -4 or -5 before its extension"
                            + " (/tmp/p.jfr: /tmp/p-3.jfr, ..., /tmp/p-5.jfr).")
    Path jfr;

    @Option(names = "--broker-port", description = "Default: ${DEFAULT-VALUE}.")
    int brokerPort = 19092;

    @Option(names = "--controller-port", description = "Default: ${DEFAULT-VALUE}.")
    int controllerPort = 19093;

    @Option(names = "--registry-port", description = "Default: ${DEFAULT-VALUE}.")
    int registryPort = 18081;

    @Option(
            names = "--secure",
            description = {
                "Run the broker and registry secured, as 'lodestone infra up --secure' does"
                    + " (SASL_SSL with SCRAM-SHA-512, the registry on HTTPS), every client of every"
                    + " phase with the admin principal's settings: what TLS and SASL cost."
            })
    boolean secure;

    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private final long runStarted = System.nanoTime();

    public static void main(String[] args) {
        System.exit(new CommandLine(new PipelineBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        // Ctrl-C: the JVM runs this hook; whatever the main thread has not closed yet is closed
        // here.
        Runtime.getRuntime().addShutdownHook(new Thread(this::closeAll, "benchmark-cleanup"));
        try {
            return run();
        } finally {
            closeAll();
        }
    }

    private int run() throws Exception {
        Path home = LocalInfra.findProjectHome();
        Path dataDir = home.resolve(".lodestone/bench");
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        LocalInfra.Settings infraSettings =
                new LocalInfra.Settings(
                        home,
                        dataDir,
                        brokerPort,
                        controllerPort,
                        registryPort,
                        Duration.ofSeconds(90),
                        LocalInfra.BrokerJvm.FULL);

        phase(
                "starting a broker (%d/%d) and a registry (%d), data in %s",
                brokerPort, controllerPort, registryPort, home.relativize(dataDir));
        LocalInfra.down(
                infraSettings); // an earlier run stopped hard may have left its servers; its data
        // goes below
        deleteRecursively(dataDir);
        Map<String, String> security = new LinkedHashMap<>();
        if (secure) {
            LocalSecurity keys = LocalInfra.secure(infraSettings, line -> progress("    " + line));
            keys.client(LocalSecurity.ADMIN)
                    .forEach((k, v) -> security.put("kafka." + k, String.valueOf(v)));
            security.put("schema.registry.ssl.truststore.location", keys.truststore().toString());
            security.put("schema.registry.ssl.truststore.password", keys.truststorePassword());
        }
        LocalInfra infra = LocalInfra.up(infraSettings, line -> progress("    " + line));
        open.push(infra);
        String bootstrap = infra.bootstrapServers();
        String registry = infra.registryUrl();
        LodestoneConfig cluster = config(bootstrap, registry, security, dataDir, "bench");

        Topics topics = new Topics("bench.");
        TopicProvisioner.createMissing(
                cluster.kafkaClient(AdminClientConfig.configNames()),
                topics.definitions(partitions, (short) 1),
                Duration.ofSeconds(30));
        ReferenceData reference = ReferenceData.bundled();
        Instant to =
                Instant.now()
                        .truncatedTo(ChronoUnit.HOURS)
                        .minus(Duration.ofHours(13)); // + up to 12 h of jitter: still in the past
        Instant from = to.minus(Duration.ofDays(730));
        ShipmentGenerator generator = new ShipmentGenerator(reference, seed, from, to);

        phase(
                "0  pre-loading %,d shipments (%d routes, %d licences, %s to %s) into %s, %d"
                        + " partitions",
                records,
                generator.routes().size(),
                generator.licences().size(),
                from.toString().substring(0, 10),
                to.toString().substring(0, 10),
                topics.shipments(),
                partitions);
        Preload.Result preload =
                Preload.run(
                        generator,
                        records,
                        cluster,
                        topics.shipments(),
                        topics.licenses(),
                        this::progress);
        progress(
                String.format(
                        "    %,d shipments in %.1f s (%,.0f/s), %,.0f t in all",
                        preload.records(),
                        preload.seconds(),
                        preload.records() / preload.seconds(),
                        preload.totalKg() / 1000));

        phase("1  Kafka's ConsumerPerformance (kafka-tools) reading all %,d records", records);
        ConsumerPerf.Result limit = ConsumerPerf.run(home, cluster, topics.shipments(), records);
        progress(
                String.format(
                        "    %.1f s, %,.0f records/s over its whole run, %,.0f records/s fetching"
                                + " (%.0f MB)",
                        limit.seconds(),
                        limit.recordsPerSecond(),
                        limit.fetchRecordsPerSecond(),
                        limit.megabytes()));

        phase(
                "2  plain KafkaConsumer + registry Avro deserialiser, net weight per route in a"
                        + " HashMap");
        BaselineConsumer.Result baseline =
                BaselineConsumer.run(
                        cluster,
                        topics.shipments(),
                        reference.catalogue(),
                        records,
                        this::progress);
        progress(
                String.format(
                        "    %.1f s, %,.0f records/s; %d routes, %,.0f t (pre-loaded: %,.0f t)",
                        baseline.seconds(),
                        baseline.recordsPerSecond(),
                        baseline.routes(),
                        baseline.totalKg() / 1000,
                        preload.totalKg() / 1000));

        LodestoneConfig routesConfig =
                config(bootstrap, registry, security, dataDir, "bench-routes-" + stamp);
        Properties routesSettings = StreamsSettings.of(routesConfig);
        phase(
                "3  route-volume topology alone (validate → de-duplicate → drop late → route"
                        + " volumes), application.id %s",
                routesConfig.applicationId());
        StreamsRun.Result routes;
        try (StreamsRun run =
                track(
                        new StreamsRun(
                                LodestoneTopology.buildRouteVolumesOnly(
                                        routesConfig,
                                        reference,
                                        new AvroSerdes(routesConfig.schemaRegistry()),
                                        partitions),
                                routesSettings,
                                cluster,
                                instances))) {
            routes = recorded("3", () -> run.run(topics.shipments(), records, this::progress));
        }
        progress(ranFor(routes));

        LodestoneConfig textbookConfig =
                config(bootstrap, registry, security, dataDir, "bench-textbook-" + stamp);
        phase(
                "T  the textbook DSL aggregation (groupBy route, 1-day window with grace,"
                        + " aggregate, caches on), application.id %s",
                textbookConfig.applicationId());
        // It drops every record whose window closed before it arrived (the repartition interleaves
        // partitions that are weeks apart in a replay) and logs a WARN line for each: silenced, so
        // the line printing is not charged to it; counted below.
        ((ch.qos.logback.classic.Logger)
                        LoggerFactory.getLogger(
                                "org.apache.kafka.streams.kstream.internals.KStreamWindowAggregate"))
                .setLevel(Level.ERROR);
        StreamsRun.Result textbook;
        try (StreamsRun run =
                track(
                        new StreamsRun(
                                TextbookAggregation.build(textbookConfig, reference.catalogue()),
                                TextbookAggregation.settings(textbookConfig),
                                cluster,
                                instances))) {
            textbook = recorded("T", () -> run.run(topics.shipments(), records, this::progress));
        }
        progress(ranFor(textbook));

        LodestoneConfig fullConfig =
                config(bootstrap, registry, security, dataDir, "bench-full-" + stamp);
        Properties fullSettings = StreamsSettings.of(fullConfig);
        Topology full =
                LodestoneTopology.build(
                        fullConfig,
                        reference,
                        new AvroSerdes(fullConfig.schemaRegistry()),
                        partitions);
        phase("4  full topology (every detector), application.id %s", fullConfig.applicationId());
        StreamsRun.Result whole;
        MemoryProbe memory;
        AlertLatency.Result latency = null;
        try (StreamsRun run = track(new StreamsRun(full, fullSettings, cluster, instances))) {
            whole = recorded("4", () -> run.run(topics.shipments(), records, this::progress));
            progress(ranFor(whole));
            memory =
                    MemoryProbe.measure(
                            dataDir.resolve("streams-state"),
                            fullConfig.applicationId(),
                            run.liveStateByStore());
            progress(
                    String.format(
                            "    memory after the replay: heap %,.0f MB after GC, resident %,.0f"
                                    + " MB, state on disk %,.0f MB %s",
                            memory.heapUsedBytes() / 1e6,
                            memory.residentBytes() / 1e6,
                            memory.stateBytes() / 1e6,
                            megabytes(memory.stateBytesByStore())));
            progress(
                    String.format(
                            "    live state (RocksDB's own figures): SST files in use %,.1f MB %s",
                            memory.liveSstBytes() / 1e6, liveState(memory.liveStateByStore())));
            if (latencySeconds > 0) {
                phase(
                        "5  alert latency: %,d shipments/s for %d s into the running full topology,"
                                + " 1 in %d an origin re-export",
                        latencyRate, latencySeconds, AlertLatency.TRIGGER_EVERY);
                latency =
                        recorded(
                                "5",
                                () ->
                                        AlertLatency.run(
                                                generator,
                                                cluster,
                                                topics.shipments(),
                                                topics.alerts(),
                                                latencyRate,
                                                latencySeconds,
                                                this::progress));
            }
        }

        Map<String, String> streamsConfig = effectiveStreamsConfig(fullSettings);
        Map<String, Object> results =
                results(preload, limit, baseline, routes, textbook, whole, latency, streamsConfig);
        results.put(
                "memoryAfterFullReplay",
                Map.of(
                        "heapUsedBytesAfterGc",
                        memory.heapUsedBytes(),
                        "residentBytes",
                        memory.residentBytes(),
                        "stateBytesByStore",
                        memory.stateBytesByStore(),
                        "liveStateByStore",
                        memory.liveStateByStore()));
        printTable(limit, baseline, routes, textbook, whole, latency, streamsConfig);
        Path file = home.resolve("benchmarks/results/pipeline-" + stamp + ".json");
        Files.createDirectories(file.getParent());
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(file.toFile(), results);
        System.out.printf(
                "%nresults: %s (whole run %.0f s)%n",
                home.relativize(file), (System.nanoTime() - runStarted) / 1e9);
        return 0;
    }

    private static String ranFor(StreamsRun.Result run) {
        return String.format(
                "    running after %.1f s, every shipment consumed after %.1f s, every result"
                    + " committed after %.1f s (%,.0f records/s); stream threads busy %.1f s of CPU"
                    + " (%,.0f records per busy second); dropped by Kafka Streams: %,d",
                run.runningAfterSeconds(),
                run.consumedSeconds(),
                run.drainedSeconds(),
                run.recordsPerSecond(),
                run.streamThreadCpuSeconds(),
                run.recordsPerBusyCoreSecond(),
                run.droppedRecords());
    }

    /**
     * Stores of 1,000 keys or more, most SST bytes first: "name 12.3 MB SST + 3.2 MB memtables,
     * 45,678 keys".
     */
    private static String liveState(Map<String, MemoryProbe.LiveState> byStore) {
        return byStore.entrySet().stream()
                .filter(e -> e.getValue().keys() >= 1_000)
                .sorted(
                        Map.Entry.<String, MemoryProbe.LiveState>comparingByValue(
                                        Comparator.comparingLong(MemoryProbe.LiveState::sstBytes)
                                                .thenComparingLong(MemoryProbe.LiveState::keys))
                                .reversed())
                .map(
                        e ->
                                String.format(
                                        "%s %,.1f MB SST + %,.1f MB memtables, %,d keys",
                                        e.getKey(),
                                        e.getValue().sstBytes() / 1e6,
                                        e.getValue().memtableBytes() / 1e6,
                                        e.getValue().keys()))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static Map<String, String> megabytes(Map<String, Long> bytes) {
        Map<String, String> shown = new TreeMap<>();
        bytes.forEach((store, n) -> shown.put(store, String.format("%.1f", n / 1e6)));
        return shown;
    }

    /**
     * The configuration of a phase: the cluster, its {@code security} settings (empty in the
     * clear), then --setting.
     */
    private LodestoneConfig config(
            String bootstrap,
            String registry,
            Map<String, String> security,
            Path dataDir,
            String applicationId) {
        Map<String, String> all = new LinkedHashMap<>(security);
        all.putAll(
                Map.of(
                        "bootstrap.servers",
                        bootstrap,
                        "schema.registry.url",
                        registry,
                        "application.id",
                        applicationId,
                        "topic.prefix",
                        "bench.",
                        "state.dir",
                        dataDir.resolve("streams-state").toString(),
                        "kafka.num.stream.threads",
                        Integer.toString(streamThreads)));
        all.putAll(settings);
        return LodestoneConfig.of(all);
    }

    /**
     * The settings that decide throughput and latency, as Kafka Streams resolves them (its defaults
     * included).
     */
    private static Map<String, String> effectiveStreamsConfig(Properties settings) {
        StreamsConfig config = new StreamsConfig(settings);
        Map<String, Object> producer = config.getProducerConfigs("benchmark");
        Map<String, Object> consumer = config.getMainConsumerConfigs("benchmark", "benchmark", 0);
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put(
                "processing.guarantee",
                config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        shown.put(
                "num.stream.threads",
                config.getInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG).toString());
        shown.put(
                "commit.interval.ms",
                config.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG).toString());
        shown.put(
                "statestore.cache.max.bytes",
                config.getLong(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG).toString());
        shown.put(
                "topology.optimization",
                config.getString(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG));
        shown.put("consumer max.poll.records", String.valueOf(consumer.get("max.poll.records")));
        shown.put("consumer isolation.level", String.valueOf(consumer.get("isolation.level")));
        shown.put(
                "producer linger.ms",
                String.valueOf(producer.get(ProducerConfig.LINGER_MS_CONFIG)));
        shown.put(
                "producer compression.type",
                String.valueOf(
                        producer.getOrDefault(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none")));
        return shown;
    }

    private void printTable(
            ConsumerPerf.Result limit,
            BaselineConsumer.Result baseline,
            StreamsRun.Result routes,
            StreamsRun.Result textbook,
            StreamsRun.Result full,
            AlertLatency.Result latency,
            Map<String, String> streamsConfig) {
        double reference = limit.fetchRecordsPerSecond();
        System.out.println();
        System.out.printf(
                "Lodestone pipeline benchmark: %,d shipments, %d partitions, %d instance(s) of %d"
                        + " stream thread(s)%s%n",
                records,
                partitions,
                instances,
                streamThreads,
                secure ? ", secured (SASL_SSL, SCRAM-SHA-512, registry on HTTPS)" : "");
        Map<String, Object> machine = machine();
        System.out.printf(
                "machine: %s cores, %s, %s, benchmark heap %s MB (broker and registry are separate"
                        + " JVMs on the same cores)%n",
                machine.get("cores"),
                machine.get("cpu"),
                machine.get("java"),
                machine.get("maxHeapMb"));
        System.out.printf(
                "streams: %s%n",
                streamsConfig.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .reduce((a, b) -> a + ", " + b)
                        .orElse(""));
        System.out.println();
        System.out.printf(
                "  %-62s %12s %9s %12s %7s%n",
                "phase", "records", "seconds", "records/s", "vs (1)");
        row(
                "1 Kafka ConsumerPerformance (fetch rate; physical limit)",
                limit.records(),
                limit.fetchSeconds(),
                reference,
                reference);
        row(
                "  the same over its whole run, group join included",
                limit.records(),
                limit.seconds(),
                limit.recordsPerSecond(),
                reference);
        row(
                "2 plain consumer + Avro + HashMap per route",
                baseline.records(),
                baseline.seconds(),
                baseline.recordsPerSecond(),
                reference);
        row(
                "T textbook DSL aggregation (groupBy, window, caches on)",
                textbook.records(),
                textbook.drainedSeconds(),
                textbook.recordsPerSecond(),
                reference);
        row(
                "3 route-volume topology, " + streamsConfig.get("processing.guarantee"),
                routes.records(),
                routes.drainedSeconds(),
                routes.recordsPerSecond(),
                reference);
        row(
                "4 full topology, " + streamsConfig.get("processing.guarantee"),
                full.records(),
                full.drainedSeconds(),
                full.recordsPerSecond(),
                reference);
        System.out.printf(
                "  (T, 3, 4: from start() until every result is committed, every sub-topology"
                    + " drained; every shipment was consumed after %.1f s, %.1f s and %.1f s)%n",
                textbook.consumedSeconds(), routes.consumedSeconds(), full.consumedSeconds());
        System.out.printf(
                "  against the textbook aggregation (T): route-volume topology %.0f%%, full"
                        + " topology %.0f%%%n",
                100 * routes.recordsPerSecond() / textbook.recordsPerSecond(),
                100 * full.recordsPerSecond() / textbook.recordsPerSecond());
        System.out.printf(
                "  records per busy second of a stream thread (records / the stream threads' CPU"
                        + " time): T %,.0f, 3 %,.0f, 4 %,.0f%n",
                textbook.recordsPerBusyCoreSecond(),
                routes.recordsPerBusyCoreSecond(),
                full.recordsPerBusyCoreSecond());
        System.out.printf(
                "  records Kafka Streams dropped (dropped-records-total): T %,d (%.0f%%, windows"
                        + " closed before their records arrived), 3 %,d, 4 %,d%n",
                textbook.droppedRecords(),
                100.0 * textbook.droppedRecords() / textbook.records(),
                routes.droppedRecords(),
                full.droppedRecords());
        if (latency != null) {
            System.out.println();
            System.out.printf(
                    "  alert latency, send() → ORIGIN_REEXPORT alert at a read_committed consumer, "
                            + "%,.0f shipments/s for %.0f s "
                            + "(producer linger.ms=%d):%n",
                    latency.sentPerSecond(), latency.seconds(), AlertLatency.LINGER_MS);
            System.out.printf(
                    "    p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms  (%,d of %,d triggers"
                            + " alerted)%n",
                    latency.p50Ms(),
                    latency.p90Ms(),
                    latency.p99Ms(),
                    latency.maxMs(),
                    latency.alerts(),
                    latency.triggers());
        }
    }

    private static void row(
            String name, long records, double seconds, double rate, double reference) {
        System.out.printf(
                "  %-62s %,12d %9.1f %,12.0f %6.1f%%%n",
                name, records, seconds, rate, 100 * rate / reference);
    }

    private Map<String, Object> results(
            Preload.Result preload,
            ConsumerPerf.Result limit,
            BaselineConsumer.Result baseline,
            StreamsRun.Result routes,
            StreamsRun.Result textbook,
            StreamsRun.Result full,
            AlertLatency.Result latency,
            Map<String, String> streamsConfig) {
        double reference = limit.fetchRecordsPerSecond();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("time", Instant.now().toString());
        out.put("machine", machine());
        out.put("records", records);
        out.put("secured", secure);
        out.put("partitions", partitions);
        out.put("streamThreads", streamThreads);
        out.put("instances", instances);
        out.put("seed", seed);
        out.put("streamsConfig", streamsConfig);
        out.put(
                "preload",
                Map.of(
                        "seconds",
                        preload.seconds(),
                        "recordsPerSecond",
                        preload.records() / preload.seconds(),
                        "totalKg",
                        preload.totalKg()));
        out.put(
                "phases",
                List.of(
                        phaseJson(
                                "consumer-performance",
                                limit.records(),
                                limit.fetchSeconds(),
                                reference,
                                reference,
                                Map.of(
                                        "wholeRunSeconds",
                                        limit.seconds(),
                                        "wholeRunRecordsPerSecond",
                                        limit.recordsPerSecond(),
                                        "megabytes",
                                        limit.megabytes(),
                                        "output",
                                        limit.output())),
                        phaseJson(
                                "plain-consumer",
                                baseline.records(),
                                baseline.seconds(),
                                baseline.recordsPerSecond(),
                                reference,
                                Map.of("routes", baseline.routes(), "totalKg", baseline.totalKg())),
                        streamsPhaseJson("textbook-dsl-aggregation", textbook, textbook, reference),
                        streamsPhaseJson("route-volume-topology", routes, textbook, reference),
                        streamsPhaseJson("full-topology", full, textbook, reference)));
        if (latency != null) {
            out.put("alertLatency", latency);
        }
        return out;
    }

    /**
     * A Streams phase: seconds until every result was committed, and the ratio of its records/s to
     * the textbook's.
     */
    private static Map<String, Object> streamsPhaseJson(
            String name, StreamsRun.Result run, StreamsRun.Result textbook, double reference) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("consumedSeconds", run.consumedSeconds());
        extra.put("runningAfterSeconds", run.runningAfterSeconds());
        extra.put("streamThreadCpuSeconds", run.streamThreadCpuSeconds());
        extra.put("recordsPerBusyCoreSecond", run.recordsPerBusyCoreSecond());
        extra.put("droppedRecords", run.droppedRecords());
        extra.put("ratioToTextbook", run.recordsPerSecond() / textbook.recordsPerSecond());
        return phaseJson(
                name,
                run.records(),
                run.drainedSeconds(),
                run.recordsPerSecond(),
                reference,
                extra);
    }

    private static Map<String, Object> phaseJson(
            String name,
            long records,
            double seconds,
            double rate,
            double reference,
            Map<String, Object> extra) {
        Map<String, Object> phase = new LinkedHashMap<>();
        phase.put("phase", name);
        phase.put("records", records);
        phase.put("seconds", seconds);
        phase.put("recordsPerSecond", rate);
        phase.put("ratioToConsumerPerformance", rate / reference);
        phase.putAll(extra);
        return phase;
    }

    private static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            machine.put(
                    "cpu",
                    lines.filter(l -> l.startsWith("model name"))
                            .findFirst()
                            .map(l -> l.substring(l.indexOf(':') + 1).trim())
                            .orElse("unknown"));
        } catch (IOException e) {
            machine.put("cpu", "unknown (" + e.getMessage() + ")");
        }
        machine.put(
                "java",
                System.getProperty("java.vm.name")
                        + " "
                        + System.getProperty("java.runtime.version"));
        machine.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        return machine;
    }

    /** Runs {@code phase}, recorded with JDK Flight Recorder when --jfr is given. */
    private <T> T recorded(String phase, Callable<T> run) throws Exception {
        if (jfr == null) {
            return run.call();
        }
        String name = jfr.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path file =
                jfr.resolveSibling(
                        dot < 0
                                ? name + "-" + phase
                                : name.substring(0, dot) + "-" + phase + name.substring(dot));
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.start();
            T result = run.call();
            recording.dump(file);
            progress("    flight recording of this phase: " + file.toAbsolutePath());
            return result;
        }
    }

    private void phase(String format, Object... args) {
        System.out.printf(
                "[%5.1f s] %s%n",
                (System.nanoTime() - runStarted) / 1e9, String.format(format, args));
    }

    private void progress(String line) {
        System.out.println(line);
    }

    private <T extends AutoCloseable> T track(T resource) {
        synchronized (open) {
            open.push(resource);
        }
        return resource;
    }

    /**
     * Closes what is still open, newest first; safe to call twice (main thread and Ctrl-C hook).
     */
    private void closeAll() {
        while (true) {
            AutoCloseable next;
            synchronized (open) {
                next = open.poll();
            }
            if (next == null) {
                return;
            }
            try {
                next.close();
            } catch (Exception e) {
                System.err.println("benchmark: while stopping: " + e);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
