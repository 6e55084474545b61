package io.lodestone.cli;

import io.lodestone.config.LodestoneConfig;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.localinfra.LocalSecurity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Starts, stops and reports the local Kafka broker and schema registry. */
@Command(name = "infra", mixinStandardHelpOptions = true,
        description = "The local default infrastructure: a real KRaft Kafka broker and an Apicurio schema registry on 127.0.0.1.",
        subcommands = {InfraCommand.Up.class, InfraCommand.Down.class, InfraCommand.Status.class})
final class InfraCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Start the broker and the registry and wait until both are ready.",
                    "Stays in the foreground and stops both on Ctrl-C, unless --detach."})
    static final class Up implements Callable<Integer> {
        @Mixin
        InfraOptions infra;

        @Mixin
        ConfigOptions config;

        @Option(names = "--detach", description = "Return once ready and leave the servers running (stop them with 'lodestone infra down').")
        boolean detach;

        @Override
        public Integer call() throws InterruptedException {
            LocalInfra.Settings settings = infra.settings();
            if (infra.secure) {
                LocalInfra.secure(settings, System.out::println);
            }
            LocalInfra running = LocalInfra.up(settings, line -> System.out.println(line));
            LocalSecurity.of(settings.dataDir()).ifPresent(security -> grantAcls(settings, security));
            System.out.println("ready: Kafka " + running.bootstrapServers() + ", schema registry " + running.registryUrl());
            if (detach) {
                System.out.println("left running; stop with: ./bin/lodestone infra down" + (infra.secure ? " --secure" : ""));
                return 0;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("stopping local infrastructure…");
                running.close();
                stopped.countDown();
            }, "infra-shutdown"));
            System.out.println("Ctrl-C stops them.");
            stopped.await();
            return 0;
        }

        /** The app's and ingest's least privileges, for the topic prefix and application id of the configuration (--config). */
        private void grantAcls(LocalInfra.Settings settings, LocalSecurity security) {
            LodestoneConfig cfg = config.load();
            System.out.println("ACLs (everything else is denied) for topic.prefix=" + cfg.topics().prefix() + " and application.id="
                    + cfg.applicationId() + ":");
            LocalInfra.grantLodestoneAcls(settings, cfg.topics().prefix(), cfg.applicationId(),
                    List.of(cfg.topics().shipments(), cfg.topics().licenses())).forEach(line -> System.out.println("  " + line));
            System.out.println("run the app with --config " + security.clientFile(LocalSecurity.APP) + ", ingest with --config "
                    + security.clientFile(LocalSecurity.INGEST));
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the local broker and registry (found by their pid files).")
    static final class Down implements Runnable {
        @Mixin
        InfraOptions infra;

        @Override
        public void run() {
            LocalInfra.down(infra.settings()).forEach(System.out::println);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Say whether the local broker and registry are running.")
    static final class Status implements Runnable {
        @Mixin
        InfraOptions infra;

        @Override
        public void run() {
            System.out.println(LocalInfra.status(infra.settings()));
        }
    }
}
