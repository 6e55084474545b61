package io.lodestone.localinfra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The local default infrastructure: a real KRaft Kafka broker and a real schema registry, each a
 * separate process on 127.0.0.1 with its data, log and pid file under the data directory. A handle
 * stops only what it started itself; {@link #down} stops whatever the pid files name.
 */
public final class LocalInfra implements AutoCloseable {

    /** Where the servers live and listen. */
    public record Settings(
            Path home,
            Path dataDir,
            int brokerPort,
            int controllerPort,
            int registryPort,
            Duration startTimeout,
            BrokerJvm brokerJvm) {

        /** Settings whose broker runs {@link BrokerJvm#QUICK}. */
        public Settings(
                Path home,
                Path dataDir,
                int brokerPort,
                int controllerPort,
                int registryPort,
                Duration startTimeout) {
            this(
                    home,
                    dataDir,
                    brokerPort,
                    controllerPort,
                    registryPort,
                    startTimeout,
                    BrokerJvm.QUICK);
        }

        public Settings {
            if (Set.of(brokerPort, controllerPort, registryPort).size() < 3) {
                throw new LocalInfraException(
                        "the broker, controller and registry ports must differ; got "
                                + brokerPort
                                + ", "
                                + controllerPort
                                + " and "
                                + registryPort);
            }
        }

        /**
         * Ports 9092 (broker), 9093 (controller), 8081 (registry); data in {@code
         * <home>/.lodestone}; 60 s to start each.
         */
        public static Settings defaults(Path home) {
            return new Settings(
                    home, home.resolve(".lodestone"), 9092, 9093, 8081, Duration.ofSeconds(60));
        }

        Path registryDir() {
            return dataDir.resolve("registry");
        }
    }

    /**
     * How the broker's JVM runs. The demo's and the tests' loads are light and short, where the
     * optimising compiler costs more CPU than it saves; a benchmark measures sustained throughput.
     */
    public enum BrokerJvm {
        /** The client compiler only and the serial collector: a third less CPU on light loads. */
        QUICK(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")),
        /** The JVM's defaults (both compilers, G1), for sustained throughput. */
        FULL(List.of());

        private final List<String> options;

        BrokerJvm(List<String> options) {
            this.options = options;
        }

        List<String> options() {
            return options;
        }
    }

    /** What {@link #status} found: one entry per server. */
    public record Status(Server broker, Server registry) {

        /**
         * {@code pid} is empty when no live server process is recorded; {@code ready} says whether
         * the address answers.
         */
        public record Server(String name, String address, Optional<Long> pid, boolean ready) {

            public boolean running() {
                return pid.isPresent();
            }

            @Override
            public String toString() {
                if (pid.isEmpty()) {
                    return String.format(
                            "%-16s stopped%s",
                            name, ready ? " (but something else answers on " + address + ")" : "");
                }
                return String.format(
                        "%-16s running, pid %d, %s, %s",
                        name, pid.get(), address, ready ? "ready" : "NOT ready");
            }
        }

        @Override
        public String toString() {
            return broker + "\n" + registry;
        }
    }

    private final BrokerProcess broker;
    private final RegistryProcess registry;

    private LocalInfra(BrokerProcess broker, RegistryProcess registry) {
        this.broker = broker;
        this.registry = registry;
    }

    /**
     * Starts the broker, then the registry, each unless already running (then reused), and waits
     * until both are ready. {@code progress} gets one human line per step.
     */
    public static LocalInfra up(Settings settings, Consumer<String> progress) {
        requireSchemasForTheBrokersData(settings);
        Optional<LocalSecurity> security = LocalSecurity.of(settings.dataDir());
        security.ifPresent(
                s ->
                        progress.accept(
                                "secured: Kafka on SASL_SSL (SCRAM-SHA-512, ACLs), the registry on"
                                        + " HTTPS; keys and client settings in "
                                        + LocalSecurity.dir(settings.dataDir())));
        BrokerProcess broker = BrokerProcess.startOrReuse(settings, progress);
        try {
            RegistryProcess registry =
                    RegistryProcess.startOrReuse(
                            settings.home(),
                            settings.registryDir(),
                            settings.registryPort(),
                            security,
                            settings.startTimeout(),
                            progress);
            security.ifPresent(
                    s ->
                            s.writeClientFiles(broker.bootstrapServers(), registry.url())
                                    .forEach(file -> progress.accept("client settings: " + file)));
            return new LocalInfra(broker, registry);
        } catch (RuntimeException e) {
            broker.close(); // never leave half of it running
            throw e;
        }
    }

    /**
     * Refuses a broker whose data holds topics beside a registry that has stored no schema (its
     * data deleted, or kept by a Lodestone that stored schemas in memory): the records name schema
     * ids the registry would hand out again to other schemas, and consumers would decode garbage.
     */
    static void requireSchemasForTheBrokersData(Settings settings) {
        List<String> topics = BrokerProcess.topicsWithData(settings);
        if (!topics.isEmpty() && !RegistryProcess.hasStoredSchemas(settings.registryDir())) {
            throw new LocalInfraException(
                    "the Kafka broker's data in "
                            + settings.dataDir().resolve("kafka")
                            + " holds topics ("
                            + String.join(", ", topics.subList(0, Math.min(3, topics.size())))
                            + (topics.size() > 3 ? ", …" : "")
                            + ") but the schema registry in "
                            + settings.registryDir()
                            + " has no stored schemas, so the records' schema ids would mean"
                            + " nothing, or other schemas. Start both afresh: 'lodestone infra"
                            + " down', then delete "
                            + settings.dataDir()
                            + " (or choose another --data-dir).");
        }
    }

    /**
     * Secures the (new) data directory of {@code settings} before its first {@link #up}:
     * certificates, passwords and principals ({@link LocalSecurity}); a secured directory stays as
     * it is.
     */
    public static LocalSecurity secure(Settings settings, Consumer<String> progress) {
        return LocalSecurity.create(settings.dataDir(), BrokerProcess.hasData(settings), progress);
    }

    /**
     * Gives Lodestone's principals their least privileges on the secured, running broker ({@link
     * LocalAcls}) for an app of {@code applicationId} with topics starting {@code topicPrefix}; one
     * line per ACL.
     */
    public static List<String> grantLodestoneAcls(
            Settings settings, String topicPrefix, String applicationId, List<String> inputTopics) {
        return LocalAcls.create(
                BrokerProcess.adminSettings(settings),
                LocalAcls.lodestone(topicPrefix, applicationId, inputTopics));
    }

    /** E.g. {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8081}. */
    public String registryUrl() {
        return registry.url();
    }

    /** Stops the servers this handle started (registry first); servers it reused keep running. */
    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            broker.close();
        }
    }

    /**
     * Stops the schema registry only, whoever started it (an outage, for fault tests); {@link #up}
     * starts it again on its schemas.
     */
    public static String stopRegistry(Settings settings) {
        return ServerProcess.stopRecorded(
                RegistryProcess.spec(settings.registryDir(), settings.registryPort()));
    }

    /**
     * Stops the broker only, whoever started it (an outage, for fault tests); {@link #up} starts it
     * again on its data.
     */
    public static String stopBroker(Settings settings) {
        return ServerProcess.stopRecorded(BrokerProcess.spec(settings));
    }

    /**
     * Stops the servers the pid files name, whoever started them, and removes the pid files; one
     * line per server.
     */
    public static List<String> down(Settings settings) {
        return List.of(
                ServerProcess.stopRecorded(
                        RegistryProcess.spec(settings.registryDir(), settings.registryPort())),
                ServerProcess.stopRecorded(BrokerProcess.spec(settings)));
    }

    /** Whether each server's pid file names a live process, and whether its address answers. */
    public static Status status(Settings settings) {
        ServerProcess.Spec broker = BrokerProcess.spec(settings);
        ServerProcess.Spec registry =
                RegistryProcess.spec(settings.registryDir(), settings.registryPort());
        Optional<LocalSecurity> security = LocalSecurity.of(settings.dataDir());
        String registryUrl = RegistryProcess.url(settings.registryPort(), security.isPresent());
        return new Status(
                new Status.Server(
                        broker.name(),
                        broker.address(),
                        ServerProcess.recorded(broker).map(ProcessHandle::pid),
                        BrokerProcess.isReady(settings)),
                new Status.Server(
                        registry.name(),
                        registryUrl,
                        ServerProcess.recorded(registry).map(ProcessHandle::pid),
                        RegistryProcess.isReady(
                                registryUrl,
                                security.map(LocalSecurity::httpClient)
                                        .orElse(RegistryProcess.PLAIN_HTTP))));
    }

    /**
     * The project directory: system property {@code lodestone.home}, else the nearest directory up
     * from the working directory that holds deploy/registry/pom.xml.
     */
    public static Path findProjectHome() {
        String configured = System.getProperty("lodestone.home");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("deploy/registry/pom.xml"))) {
                return dir;
            }
        }
        throw new LocalInfraException(
                "cannot find the Lodestone project directory from "
                        + cwd
                        + ": run from inside the project, or set -Dlodestone.home=<project"
                        + " directory>");
    }

    /** The java of this JVM, so the servers run on the same Java the user chose. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
