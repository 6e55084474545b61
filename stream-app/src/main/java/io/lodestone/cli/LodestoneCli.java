package io.lodestone.cli;

import io.lodestone.config.ConfigException;
import io.lodestone.producers.ingest.IngestFailedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lodestone} command: one entry point for the local infrastructure, the app, ingest and the demo. */
@Command(name = "lodestone",
        mixinStandardHelpOptions = true,
        versionProvider = LodestoneCli.Version.class,
        description = {"Lodestone watches strategic-mineral trade on Kafka: route volumes, licence checks, rerouting alerts.", ""},
        subcommands = {DemoCommand.class, InfraCommand.class, RunCommand.class, IngestCommand.class, SimulateCommand.class, CasesCommand.class,
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

    /** The command line with Lodestone's error handling: known failures print one clear line, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LodestoneCli());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException || e instanceof IngestFailedException || e instanceof UserFacingException
                    || e instanceof IllegalStateException) {
                commandLine.getErr().println("lodestone: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LodestoneCli.class.getPackage().getImplementationVersion();
            return new String[]{"lodestone " + (version == null ? "0.1.0-SNAPSHOT" : version)};
        }
    }
}
