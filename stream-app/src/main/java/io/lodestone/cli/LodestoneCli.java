package io.lodestone.cli;

import io.lodestone.config.ConfigException;
import io.lodestone.localinfra.LocalInfraException;
import io.lodestone.schemas.topics.KafkaClusterException;
import io.lodestone.producers.ingest.IngestFailedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code lodestone} command: one entry point for the local infrastructure, the app, ingest and the demo. */
@Command(name = "lodestone",
        mixinStandardHelpOptions = true,
        versionProvider = LodestoneCli.Version.class,
        description = {"Lodestone watches strategic-mineral trade on Kafka: route volumes, licence checks, rerouting alerts.", ""},
        subcommands = {DemoCommand.class, InfraCommand.class, RunCommand.class, IngestCommand.class, SimulateCommand.class,
                CasesCommand.class,
                ConfigCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Start here: lodestone demo   (local broker + registry, sample data, route volumes on screen)"})
public final class LodestoneCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Exit code of a failure that is a bug, not the user's or the environment's (sysexits' EX_SOFTWARE). */
    static final int INTERNAL_ERROR = 70;

    /** The command line with Lodestone's error handling ({@link #report}). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LodestoneCli());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, commandLine.getErr()));
        return cli;
    }

    /**
     * Known failures (bad configuration or input, a server that is down or refuses) print one clear line and exit 1;
     * anything else is a bug: it says so, prints the stack trace and exits {@value #INTERNAL_ERROR}.
     */
    static int report(Exception e, PrintWriter err) {
        if (e instanceof ConfigException || e instanceof IngestFailedException || e instanceof UserFacingException
                || e instanceof LocalInfraException || e instanceof KafkaClusterException) {
            err.println("lodestone: " + e.getMessage());
            return 1;
        }
        err.println("lodestone: internal error, a bug (please report it with what follows): " + e);
        e.printStackTrace(err);
        err.flush();
        return INTERNAL_ERROR;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LodestoneCli.class.getPackage().getImplementationVersion();
            return new String[]{"lodestone " + (version == null ? "0.1.0-SNAPSHOT" : version)};
        }
    }
}
