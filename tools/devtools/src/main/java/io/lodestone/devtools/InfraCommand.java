package io.lodestone.devtools;

import io.lodestone.cli.ConfigOptions;
import io.lodestone.cli.UserFacingException;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.localinfra.ConnectWorker;
import io.lodestone.localinfra.InfraParts;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.localinfra.LocalSecurity;
import io.lodestone.localinfra.PostgresServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Starts, stops and reports the local Kafka broker and schema registry. */
@Command(
        name = "infra",
        mixinStandardHelpOptions = true,
        description =
                "The local default infrastructure: a real KRaft Kafka broker and an Apicurio schema"
                    + " registry on 127.0.0.1; on request a Kafka Connect worker and PostgreSQL.",
        subcommands = {InfraCommand.Up.class, InfraCommand.Down.class, InfraCommand.Status.class})
final class InfraCommand implements Runnable {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(
            name = "up",
            mixinStandardHelpOptions = true,
            description = {
                "Start the broker and the registry and wait until both are ready.",
                "Stays in the foreground and stops both on Ctrl-C, unless --detach."
            })
    static final class Up implements Callable<Integer> {
        @Mixin InfraOptions infra;

        @Mixin ConfigOptions config;

        @Option(
                names = "--detach",
                description =
                        "Return once ready and leave the servers running (stop them with 'lodestone"
                                + " infra down').")
        boolean detach;

        @Option(
                names = "--connect",
                description = {
                    "Also start a Kafka Connect worker in distributed mode with Lodestone's"
                        + " connector plugin (connectors/target/plugin, or infra/connect-plugins in"
                        + " the local distribution) and exactly-once source support, REST API on"
                        + " --connect-port; not with --secure."
                })
        boolean connect;

        @Option(
                names = "--postgres",
                description = {
                    "Also start PostgreSQL (Debian's postgresql package) for the sink connector: a"
                        + " cluster in <data-dir>/postgres (as root, when the postgres user cannot"
                        + " enter that path, in lodestone-postgres-<hash> under the temporary"
                        + " directory, said at start), database and user 'lodestone', trust"
                        + " authentication, on 127.0.0.1:--postgres-port."
                })
        boolean postgres;

        @Override
        public Integer call() throws InterruptedException {
            LocalInfra.Settings settings = infra.settings();
            if (infra.secure) {
                LocalInfra.secure(settings, System.out::println);
            }
            if (connect && (infra.secure || LocalSecurity.of(settings.dataDir()).isPresent())) {
                throw new UserFacingException(
                        "--connect runs the worker on the plain local default only; start it"
                            + " without --secure (and another --data-dir), or run your own worker"
                            + " with the client settings in "
                                + settings.dataDir().resolve("security"));
            }
            LocalInfra running = LocalInfra.up(settings, line -> System.out.println(line));
            List<AutoCloseable> extras = new ArrayList<>();
            LocalSecurity.of(settings.dataDir())
                    .ifPresent(security -> grantAcls(settings, security));
            System.out.println(
                    "ready: Kafka "
                            + running.bootstrapServers()
                            + ", schema registry "
                            + running.registryUrl());
            try {
                if (postgres) {
                    PostgresServer server =
                            PostgresServer.startOrReuse(
                                    settings.dataDir(), infra.postgresPort, System.out::println);
                    extras.add(server);
                    System.out.println(
                            "ready: PostgreSQL "
                                    + server.jdbcUrl()
                                    + " (user "
                                    + PostgresServer.USER
                                    + ", no password)");
                }
                if (connect) {
                    ConnectWorker worker =
                            ConnectWorker.startOrReuse(
                                    settings.home(),
                                    settings.dataDir(),
                                    running.bootstrapServers(),
                                    infra.connectPort,
                                    Duration.ofSeconds(120),
                                    System.out::println);
                    extras.add(worker);
                    System.out.println(
                            "ready: Kafka Connect "
                                    + worker.url()
                                    + " (plugins: "
                                    + InfraParts.of(settings.home()).connectPlugins()
                                    + ")");
                }
            } catch (RuntimeException e) {
                closeAll(extras);
                running.close();
                throw e;
            }
            if (detach) {
                System.out.println("left running; stop with: " + infra.downCommand());
                return 0;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(
                                    () -> {
                                        System.out.println("stopping local infrastructure…");
                                        closeAll(extras);
                                        running.close();
                                        stopped.countDown();
                                    },
                                    "infra-shutdown"));
            System.out.println("Ctrl-C stops them.");
            stopped.await();
            return 0;
        }

        private static void closeAll(List<AutoCloseable> servers) {
            for (int i = servers.size() - 1; i >= 0; i--) {
                try {
                    servers.get(i).close();
                } catch (Exception e) {
                    System.err.println("could not stop a server: " + e.getMessage());
                }
            }
        }

        /**
         * The app's and ingest's least privileges, for the topic prefix and application id of the
         * configuration (--config).
         */
        private void grantAcls(LocalInfra.Settings settings, LocalSecurity security) {
            LodestoneConfig cfg = config.load();
            System.out.println(
                    "ACLs (everything else is denied) for topic.prefix="
                            + cfg.topics().prefix()
                            + " and application.id="
                            + cfg.applicationId()
                            + ":");
            LocalInfra.grantLodestoneAcls(
                            settings,
                            cfg.topics().prefix(),
                            cfg.applicationId(),
                            List.of(cfg.topics().shipments(), cfg.topics().licenses()))
                    .forEach(line -> System.out.println("  " + line));
            System.out.println(
                    "run the app with --config "
                            + security.clientFile(LocalSecurity.APP)
                            + ", ingest with --config "
                            + security.clientFile(LocalSecurity.INGEST));
        }
    }

    @Command(
            name = "down",
            mixinStandardHelpOptions = true,
            description =
                    "Stop the local Connect worker, PostgreSQL, registry and broker (those running;"
                            + " found by their pid files).")
    static final class Down implements Runnable {
        @Mixin InfraOptions infra;

        @Override
        public void run() {
            LocalInfra.Settings settings = infra.settings();
            System.out.println(ConnectWorker.stopRecorded(settings.dataDir()));
            System.out.println(PostgresServer.stopRecorded(settings.dataDir()));
            LocalInfra.down(settings).forEach(System.out::println);
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description =
                    "Say whether the local broker, registry, Connect worker and PostgreSQL are"
                            + " running, and the state of each connector's tasks (a failed one"
                            + " with its error).")
    static final class Status implements Runnable {
        @Mixin InfraOptions infra;

        @Override
        public void run() {
            LocalInfra.Settings settings = infra.settings();
            System.out.println(LocalInfra.status(settings));
            System.out.println(ConnectWorker.status(settings.dataDir(), infra.connectPort));
            String connect = "http://127.0.0.1:" + infra.connectPort;
            if (ConnectWorker.isReady(connect)) {
                ConnectorStates.of(connect).forEach(System.out::println);
            }
            System.out.println(PostgresServer.status(settings.dataDir()));
        }
    }
}
