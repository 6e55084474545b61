package io.lodestone.connectors.it;

import io.lodestone.connectors.source.ConverterSettings;
import io.lodestone.localinfra.ConnectWorker;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.localinfra.Ports;
import io.lodestone.localinfra.PostgresServer;
import io.lodestone.schemas.topics.TopicProvisioner;
import io.lodestone.schemas.topics.Topics;
import io.lodestone.testsupport.KafkaBrokerExtension;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * A real distributed Connect worker (a separate process, killable) with the plugin this module
 * packaged, and a real PostgreSQL server, on the test broker and registry. The data lives under
 * target/ (PostgreSQL's user must be able to reach it, which a JUnit temporary directory does not
 * allow).
 */
final class ConnectInfra implements AutoCloseable {

    final Path dir;
    private final int connectPort = Ports.freePort();
    private ConnectWorker worker;
    private PostgresServer postgres;

    ConnectInfra() throws Exception {
        dir =
                Files.createDirectories(
                        Path.of(
                                        "target",
                                        "it-connect-"
                                                + UUID.randomUUID().toString().substring(0, 8))
                                .toAbsolutePath());
        dir.toFile().setExecutable(true, false);
        dir.toFile().setReadable(true, false);
    }

    ConnectRest startWorker() {
        worker =
                ConnectWorker.startOrReuse(
                        LocalInfra.findProjectHome(),
                        dir,
                        KafkaBrokerExtension.bootstrapServers(),
                        connectPort,
                        Duration.ofSeconds(120),
                        line -> {});
        return new ConnectRest(worker.url());
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye to the group. */
    void killWorker() throws InterruptedException {
        ProcessHandle process = ProcessHandle.of(worker.pid()).orElseThrow();
        process.destroyForcibly();
        process.onExit().join();
    }

    PostgresServer startPostgres() {
        postgres = PostgresServer.startOrReuse(dir, Ports.freePort(), line -> {});
        return postgres;
    }

    Connection sql() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, "");
    }

    /** Topics of their own for one test, created with three partitions. */
    static Topics topics(String name) {
        Topics topics = new Topics(name + "-" + UUID.randomUUID().toString().substring(0, 8) + ".");
        TopicProvisioner.createMissing(
                KafkaBrokerExtension.bootstrapServers(),
                topics.definitions(3, (short) 1),
                Duration.ofSeconds(30));
        return topics;
    }

    /**
     * A source connector's configuration as the README gives it, for {@code type} files in {@code
     * inbox}.
     */
    static Map<String, String> sourceConfig(
            String type, Path inbox, Topics topics, Map<String, String> extra) {
        Map<String, String> config =
                new HashMap<>(ConverterSettings.forRegistry(SchemaRegistryExtension.url()));
        config.putAll(
                Map.of(
                        "connector.class",
                        "io.lodestone.connectors.source.DeclarationSourceConnector",
                        "tasks.max",
                        "1",
                        "exactly.once.support",
                        "required",
                        "type",
                        type,
                        "inbox.dir",
                        inbox.toString(),
                        "topic.prefix",
                        topics.prefix()));
        config.putAll(extra);
        return config;
    }

    static Map<String, String> sinkConfig(Topics topics, PostgresServer postgres) {
        Map<String, String> config =
                new HashMap<>(ConverterSettings.forRegistry(SchemaRegistryExtension.url()));
        config.putAll(
                Map.of(
                        "connector.class",
                        "io.lodestone.connectors.postgres.PostgresSinkConnector",
                        "tasks.max",
                        "1",
                        "topics",
                        topics.routeVolumes() + "," + topics.alerts() + "," + topics.cases(),
                        "connection.url",
                        postgres.jdbcUrl(),
                        "connection.user",
                        PostgresServer.USER));
        return config;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    @Override
    public void close() {
        try {
            if (worker != null) {
                worker.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
