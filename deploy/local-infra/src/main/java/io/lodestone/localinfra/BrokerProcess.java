package io.lodestone.localinfra;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker in KRaft combined mode (broker and controller in one process), run
 * from the classpath {@code deploy/broker} materialises. Single node: every internal topic has
 * replication factor 1 and min ISR 1, so transactions (exactly-once) work.
 */
final class BrokerProcess implements AutoCloseable {

    static final String NAME = "Kafka broker";

    private final ServerProcess server;
    private final int port;

    private BrokerProcess(ServerProcess server, int port) {
        this.server = server;
        this.port = port;
    }

    static ServerProcess.Spec spec(LocalInfra.Settings s) {
        Path dir = dir(s);
        return new ServerProcess.Spec(
                NAME,
                s.brokerPort(),
                "kafka.Kafka",
                dir.resolve("server.log"),
                dir.resolve("broker.pid"));
    }

    /**
     * Reuses the broker the pid file names if it answers; otherwise formats (first time only) and
     * starts one.
     */
    static BrokerProcess startOrReuse(LocalInfra.Settings s, Consumer<String> progress) {
        ServerProcess.Spec spec = spec(s);
        var running = ServerProcess.reuse(spec, () -> isReady(s), progress);
        if (running.isPresent()) {
            return new BrokerProcess(running.get(), s.brokerPort());
        }
        Path lib = InfraParts.of(s.home()).kafkaLib();
        requireFree(s.brokerPort(), "--broker-port", "LODESTONE_BROKER_PORT");
        requireFree(s.controllerPort(), "--controller-port", "LODESTONE_CONTROLLER_PORT");
        List<String> options = new ArrayList<>(List.of("-Xmx512m"));
        options.addAll(s.brokerJvm().options());
        List<String> java = new ArrayList<>(List.of(LocalInfra.javaExecutable()));
        java.addAll(options);
        java.addAll(List.of("-cp", lib + File.separator + "*"));
        Path properties = writeProperties(s);
        formatIfNew(s, java, properties, progress);
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of("kafka.Kafka", properties.toString()));
        ServerProcess started =
                ServerProcess.start(
                        spec,
                        command,
                        Map.of(),
                        ClassArchive.of("broker", options, List.of(lib)),
                        () -> isReady(s),
                        s.startTimeout(),
                        progress);
        return new BrokerProcess(started, s.brokerPort());
    }

    String bootstrapServers() {
        return Ports.HOST + ":" + port;
    }

    /** Stops the broker only if this handle started it. */
    @Override
    public void close() {
        if (server.owned()) {
            server.stop();
        }
    }

    /**
     * An admin client's settings for the broker: its address and, when the data directory is
     * secured, the admin principal.
     */
    static Map<String, Object> adminSettings(LocalInfra.Settings s) {
        Map<String, Object> settings = new HashMap<>();
        LocalSecurity.of(s.dataDir())
                .ifPresent(security -> settings.putAll(security.client(LocalSecurity.ADMIN)));
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Ports.HOST + ":" + s.brokerPort());
        return settings;
    }

    /** Ready when the broker answers a describe-cluster request with itself. */
    static boolean isReady(LocalInfra.Settings s) {
        if (!Ports.answers(s.brokerPort())) {
            return false; // no Admin (and its connection warnings) before the broker even listens
        }
        Map<String, Object> settings = adminSettings(s);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        try (Admin admin = Admin.create(settings)) {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                    .nodes()
                    .get(3, TimeUnit.SECONDS)
                    .isEmpty();
        } catch (Exception e) {
            return false; // not ready yet: the caller polls again
        }
    }

    private static Path dir(LocalInfra.Settings s) {
        return s.dataDir().resolve("kafka");
    }

    private static void requireFree(int port, String option, String envVar) {
        if (!Ports.isFree(port)) {
            throw new LocalInfraException(
                    "port "
                            + port
                            + " on "
                            + Ports.HOST
                            + " is already in use, so the "
                            + NAME
                            + " cannot listen there. It is probably another Kafka broker: one of"
                            + " your own, or a Lodestone broker started with another --data-dir"
                            + " (see which process with: ss -ltnp 'sport = :"
                            + port
                            + "'). Stop it, or choose "
                            + "another port with "
                            + option
                            + " <port> (or the environment variable "
                            + envVar
                            + ").");
        }
    }

    /**
     * Rewritten on every start so it always matches the current settings; the data itself is kept.
     */
    private static Path writeProperties(LocalInfra.Settings s) {
        Path dir = dir(s);
        Path file = dir.resolve("server.properties");
        String quorum = Ports.HOST + ":" + s.controllerPort();
        List<String> listeners =
                LocalSecurity.of(s.dataDir())
                        .map(
                                security ->
                                        security.brokerProperties(
                                                Ports.HOST, s.brokerPort(), s.controllerPort()))
                        .orElse(
                                List.of(
                                        "listeners=PLAINTEXT://"
                                                + Ports.HOST
                                                + ":"
                                                + s.brokerPort()
                                                + ",CONTROLLER://"
                                                + quorum,
                                        "advertised.listeners=PLAINTEXT://"
                                                + Ports.HOST
                                                + ":"
                                                + s.brokerPort(),
                                        "controller.listener.names=CONTROLLER",
                                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"));
        List<String> lines =
                new ArrayList<>(
                        List.of(
                                "# Written by Lodestone's local infrastructure on every start:"
                                        + " edits are overwritten.",
                                "process.roles=broker,controller",
                                "node.id=1",
                                "controller.quorum.bootstrap.servers=" + quorum));
        lines.addAll(listeners);
        try {
            Files.createDirectories(dir);
            Files.writeString(
                    file,
                    String.join("\n", lines)
                            + "\n"
                            + String.join(
                                    "\n",
                                    "log.dirs=" + dir.resolve("data"),
                                    "num.partitions=3",
                                    "auto.create.topics.enable=false",
                                    "offsets.topic.replication.factor=1",
                                    "transaction.state.log.replication.factor=1",
                                    "transaction.state.log.min.isr=1",
                                    "share.coordinator.state.topic.replication.factor=1",
                                    "share.coordinator.state.topic.min.isr=1",
                                    "group.initial.rebalance.delay.ms=0",
                                    ""));
            return file;
        } catch (IOException e) {
            throw new LocalInfraException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The topics (not Kafka's internal ones) that have partitions in the broker's data directory,
     * sorted.
     */
    static List<String> topicsWithData(LocalInfra.Settings s) {
        Path data = dir(s).resolve("data");
        if (!Files.isDirectory(data)) {
            return List.of();
        }
        try (var entries = Files.list(data)) {
            return entries.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("__") && n.matches(".+-\\d+"))
                    .map(n -> n.substring(0, n.lastIndexOf('-')))
                    .distinct()
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new LocalInfraException(
                    "cannot list the broker's data in " + data + ": " + e.getMessage(), e);
        }
    }

    /** Whether the broker's storage has been formatted (it has data, even if no topic yet). */
    static boolean hasData(LocalInfra.Settings s) {
        return Files.exists(metaProperties(s));
    }

    private static Path metaProperties(LocalInfra.Settings s) {
        return dir(s).resolve("data/meta.properties");
    }

    /**
     * Formats the log directory once, as 'kafka-storage format --standalone' does; later starts
     * keep the data.
     */
    private static void formatIfNew(
            LocalInfra.Settings s, List<String> java, Path properties, Consumer<String> progress) {
        if (Files.exists(metaProperties(s))) {
            return;
        }
        progress.accept("formatting new Kafka storage in " + metaProperties(s).getParent() + " …");
        List<String> command = new ArrayList<>(java);
        // Uuid.randomUuid() is what 'StorageTool random-uuid' prints; no need for a JVM to get one.
        command.addAll(
                List.of(
                        "kafka.tools.StorageTool",
                        "format",
                        "--standalone",
                        "-t",
                        Uuid.randomUuid().toString(),
                        "-c",
                        properties.toString()));
        LocalSecurity.of(s.dataDir())
                .ifPresent(security -> command.addAll(security.scramFormatArguments()));
        try {
            Process format = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output =
                    new String(
                            format.getInputStream().readAllBytes(),
                            StandardCharsets.UTF_8); // until it exits
            if (format.waitFor() != 0) {
                // Lines starting with a tab are its dump of every config value: noise next to the
                // actual error.
                throw new LocalInfraException(
                        "formatting the broker's storage failed ("
                                + String.join(" ", command.subList(0, command.indexOf("-c") + 2))
                                + "):\n"
                                + output.lines()
                                        .filter(l -> !l.startsWith("\t"))
                                        .collect(Collectors.joining("\n")));
            }
        } catch (IOException e) {
            throw new LocalInfraException(
                    "cannot run the broker's storage tool: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalInfraException("interrupted while formatting the broker's storage", e);
        }
    }
}
