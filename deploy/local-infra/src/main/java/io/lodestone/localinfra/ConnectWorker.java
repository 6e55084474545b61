package io.lodestone.localinfra;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A real Kafka Connect worker in distributed mode (Kafka's own {@code ConnectDistributed}, from the
 * classpath {@code deploy/broker} materialises) with Lodestone's connector plugin on its plugin
 * path and exactly-once source support enabled. Its configuration, offsets and status live in three
 * topics on the broker; its REST API listens on 127.0.0.1.
 */
public final class ConnectWorker implements AutoCloseable {

    static final String NAME = "Connect worker";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ServerProcess server;
    private final int port;

    private ConnectWorker(ServerProcess server, int port) {
        this.server = server;
        this.port = port;
    }

    static ServerProcess.Spec spec(Path dataDir, int port) {
        Path dir = dataDir.resolve("connect");
        return new ServerProcess.Spec(
                NAME,
                port,
                "ConnectDistributed",
                dir.resolve("connect.log"),
                dir.resolve("connect.pid"));
    }

    /**
     * Reuses the worker the pid file in {@code <dataDir>/connect} names if it answers; otherwise
     * starts one against {@code bootstrapServers} (the plain local broker) with its REST API on
     * {@code port}.
     */
    public static ConnectWorker startOrReuse(
            Path home,
            Path dataDir,
            String bootstrapServers,
            int port,
            Duration timeout,
            Consumer<String> progress) {
        ServerProcess.Spec spec = spec(dataDir, port);
        String url = url(port);
        ServerProcess server =
                ServerProcess.reuse(spec, () -> isReady(url), progress)
                        .orElseGet(
                                () -> {
                                    InfraParts parts = InfraParts.of(home);
                                    Path lib = parts.kafkaLib();
                                    Path plugins = parts.connectPlugins();
                                    if (!Ports.isFree(port)) {
                                        throw new LocalInfraException(
                                                "port "
                                                        + port
                                                        + " on "
                                                        + Ports.HOST
                                                        + " is already in use, so the "
                                                        + NAME
                                                        + " cannot listen there (see which process"
                                                        + " with: ss -ltnp 'sport = :"
                                                        + port
                                                        + "'). Stop it, or choose another port with"
                                                        + " --connect-port <port> (or"
                                                        + " LODESTONE_CONNECT_PORT).");
                                    }
                                    Path properties =
                                            writeProperties(
                                                    spec.pidFile().getParent(),
                                                    bootstrapServers,
                                                    port,
                                                    plugins);
                                    // a local worker: quick to start, light on CPU
                                    List<String> options =
                                            List.of(
                                                    "-Xmx384m",
                                                    "-XX:TieredStopAtLevel=1",
                                                    "-XX:+UseSerialGC");
                                    List<String> command =
                                            new ArrayList<>(List.of(LocalInfra.javaExecutable()));
                                    command.addAll(options);
                                    command.addAll(
                                            List.of(
                                                    "-cp",
                                                    lib + File.separator + "*",
                                                    "org.apache.kafka.connect.cli.ConnectDistributed",
                                                    properties.toString()));
                                    return ServerProcess.start(
                                            spec,
                                            command,
                                            Map.of(),
                                            ClassArchive.of("connect", options, List.of(lib)),
                                            () -> isReady(url),
                                            timeout,
                                            progress);
                                });
        return new ConnectWorker(server, port);
    }

    private static Path writeProperties(Path dir, String bootstrapServers, int port, Path plugins) {
        String properties =
                String.join(
                        "\n",
                        "bootstrap.servers=" + bootstrapServers,
                        "group.id=lodestone-connect",
                        "config.storage.topic=lodestone-connect-configs",
                        "offset.storage.topic=lodestone-connect-offsets",
                        "status.storage.topic=lodestone-connect-status",
                        "config.storage.replication.factor=1",
                        "offset.storage.replication.factor=1",
                        "status.storage.replication.factor=1",
                        // KIP-618: a source task's records and its offsets commit in one
                        // transaction.
                        "exactly.once.source.support=enabled",
                        "key.converter=org.apache.kafka.connect.json.JsonConverter",
                        "value.converter=org.apache.kafka.connect.json.JsonConverter",
                        "offset.flush.interval.ms=1000",
                        // Sinks see only committed records: Lodestone writes its outputs in
                        // transactions.
                        "consumer.isolation.level=read_committed",
                        "listeners=http://" + Ports.HOST + ":" + port,
                        "rest.advertised.host.name=" + Ports.HOST,
                        "rest.advertised.port=" + port,
                        "plugin.path=" + plugins.toAbsolutePath(),
                        "plugin.discovery=service_load",
                        "");
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve("connect.properties"), properties);
        } catch (IOException e) {
            throw new LocalInfraException(
                    "cannot write the Connect worker's settings in " + dir + ": " + e.getMessage(),
                    e);
        }
    }

    /** E.g. {@code http://127.0.0.1:8083}. */
    public String url() {
        return url(port);
    }

    static String url(int port) {
        return "http://" + Ports.HOST + ":" + port;
    }

    /**
     * True when {@code GET <url>/connectors} answers 200: the worker has joined its group and takes
     * requests.
     */
    public static boolean isReady(String url) {
        return ServerProcess.answersOk(HTTP, url + "/connectors");
    }

    /** The worker's process id. */
    public long pid() {
        return server.pid();
    }

    /** Stops the worker only if this handle started it. */
    @Override
    public void close() {
        if (server.owned()) {
            server.stop();
        }
    }

    /**
     * One line: whether the worker the pid file in {@code <dataDir>/connect} names runs, and
     * whether it answers on {@code port}.
     */
    public static String status(Path dataDir, int port) {
        ServerProcess.Spec spec = spec(dataDir, port);
        boolean ready = isReady(url(port));
        return ServerProcess.recorded(spec)
                .map(
                        p ->
                                String.format(
                                        "%-16s running, pid %d, %s, %s",
                                        NAME, p.pid(), url(port), ready ? "ready" : "NOT ready"))
                .orElse(
                        String.format(
                                "%-16s stopped%s",
                                NAME,
                                ready ? " (but something else answers on " + url(port) + ")" : ""));
    }

    /**
     * Stops whatever worker the pid file in {@code <dataDir>/connect} names; one line saying what
     * happened.
     */
    public static String stopRecorded(Path dataDir) {
        return ServerProcess.stopRecorded(spec(dataDir, 0));
    }
}
