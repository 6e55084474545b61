package io.lodestone.localinfra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The local default infrastructure: a real KRaft Kafka broker and a real schema registry, each a
 * separate process on 127.0.0.1 with its data, log and pid file under the data directory. A handle
 * stops only what it started itself; {@link #down} stops whatever the pid files name.
 */
public final class LocalInfra implements AutoCloseable {

    /** Where the servers live and listen. */
    public record Settings(Path home, Path dataDir, int brokerPort, int controllerPort, int registryPort, Duration startTimeout) {

        public static Settings defaults(Path home) {
            return new Settings(home, home.resolve(".lodestone"), 9092, 9093, 8081, Duration.ofSeconds(90));
        }

        Path registryDir() {
            return dataDir.resolve("registry");
        }
    }

    private final Settings settings;
    private final List<ServerProcess> servers;

    private LocalInfra(Settings settings, List<ServerProcess> servers) {
        this.settings = settings;
        this.servers = servers;
    }

    /** Starts (or reuses) the broker, then the registry, and waits until both are ready. */
    public static LocalInfra up(Settings settings, Consumer<String> progress) {
        List<ServerProcess> servers = new ArrayList<>();
        try {
            servers.add(ServerProcess.startOrReuse(KafkaBroker.spec(settings), settings.startTimeout(), progress));
            ServerProcess registry = ServerProcess.startOrReuse(
                    SchemaRegistry.spec(settings.home(), settings.registryDir(), settings.registryPort()), settings.startTimeout(), progress);
            servers.add(registry);
            SchemaRegistry.requireBackwardCompatibility(SchemaRegistry.url(settings.registryPort()));
        } catch (RuntimeException e) {
            new LocalInfra(settings, servers).close(); // never leave half of it running
            throw e;
        }
        return new LocalInfra(settings, servers);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + settings.brokerPort();
    }

    public String registryUrl() {
        return SchemaRegistry.url(settings.registryPort());
    }

    /** Stops the servers this handle started, registry first; reused ones keep running. */
    @Override
    public void close() {
        for (int i = servers.size() - 1; i >= 0; i--) {
            if (servers.get(i).owned()) {
                servers.get(i).stop();
            }
        }
    }

    /** Stops the servers named by the pid files, whoever started them; one line per server saying what happened. */
    public static List<String> down(Settings settings) {
        List<String> report = new ArrayList<>();
        for (Path pidFile : List.of(settings.registryDir().resolve("registry.pid"), settings.dataDir().resolve("kafka/broker.pid"))) {
            String name = pidFile.getFileName().toString().startsWith("registry") ? "schema registry" : "Kafka broker";
            var process = ServerProcess.runningFromPidFile(pidFile);
            if (process.isPresent()) {
                ServerProcess.stop(process.get());
                report.add("stopped " + name + " (pid " + process.get().pid() + ")");
            } else {
                report.add(name + " was not running");
            }
            try {
                Files.deleteIfExists(pidFile);
            } catch (java.io.IOException e) {
                report.add("could not delete " + pidFile + ": " + e.getMessage());
            }
        }
        return report;
    }

    /** One line per server: running (pid, address, ready or not) or stopped. */
    public static String status(Settings settings) {
        String broker = line("Kafka broker", settings.dataDir().resolve("kafka/broker.pid"), "127.0.0.1:" + settings.brokerPort(),
                KafkaBroker.ready(settings.brokerPort()));
        String registry = line("schema registry", settings.registryDir().resolve("registry.pid"),
                SchemaRegistry.url(settings.registryPort()), SchemaRegistry.ready(SchemaRegistry.url(settings.registryPort())));
        return broker + "\n" + registry;
    }

    private static String line(String name, Path pidFile, String address, boolean ready) {
        var process = ServerProcess.runningFromPidFile(pidFile);
        if (process.isEmpty()) {
            return String.format("%-16s stopped%s", name, ready ? " (but something else answers on " + address + ")" : "");
        }
        return String.format("%-16s running, pid %d, %s, %s", name, process.get().pid(), address, ready ? "ready" : "NOT ready");
    }

    /** A registry started on its own, for tests: a free port, data under {@code dir}. */
    public record RegistryHandle(String url, ServerProcess server) implements AutoCloseable {
        @Override
        public void close() {
            server.stop();
        }
    }

    public static RegistryHandle startRegistry(Path home, Path dir, Consumer<String> progress) {
        int port = ServerProcess.freePort();
        ServerProcess server = ServerProcess.startOrReuse(SchemaRegistry.spec(home, dir, port), Duration.ofSeconds(90), progress);
        String url = SchemaRegistry.url(port);
        SchemaRegistry.requireBackwardCompatibility(url);
        return new RegistryHandle(url, server);
    }

    /** The project directory: system property {@code lodestone.home}, else the nearest parent holding deploy/registry. */
    public static Path findProjectHome() {
        String configured = System.getProperty("lodestone.home");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("deploy/registry/pom.xml"))) {
                return dir;
            }
        }
        throw new LocalInfraException("cannot find the Lodestone project directory from " + Path.of("").toAbsolutePath()
                + "; run from inside the project or set -Dlodestone.home");
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
