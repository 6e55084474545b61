package io.lodestone.cli;

import io.lodestone.config.ConfigException;
import io.lodestone.declarations.IngestFailedException;
import io.lodestone.schemas.topics.KafkaClusterException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lodestone} command of an operator: run the stream app, ingest files, work cases, check
 * the configuration. The developer tools of a clone (tools/devtools) add their commands to the same
 * command line.
 */
@Command(
        name = "lodestone",
        mixinStandardHelpOptions = true,
        versionProvider = LodestoneCli.Version.class,
        description = {
            "Lodestone watches strategic-mineral trade on Kafka: route volumes, licence checks,"
                    + " rerouting alerts.",
            ""
        },
        footer = {
            "",
            "Start here: lodestone run -c config/lodestone.properties   (lodestone config"
                    + " --template writes one)"
        })
public final class LodestoneCli implements Runnable {

    /**
     * Exit code of a failure that is a bug, not the user's or the environment's (sysexits'
     * EX_SOFTWARE).
     */
    public static final int INTERNAL_ERROR = 70;

    private static final List<Class<? extends Exception>> KNOWN_FAILURES =
            List.of(
                    ConfigException.class,
                    IngestFailedException.class,
                    UserFacingException.class,
                    KafkaClusterException.class);

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The operator's command line with Lodestone's error handling ({@link #report}). */
    public static CommandLine commandLine() {
        return commandLine(List.of(), Set.of());
    }

    /**
     * The command line with {@code firstCommands} listed before the operator's, and {@code
     * moreKnownFailures} reported as known failures too (the developer tools add the local servers'
     * failures).
     */
    public static CommandLine commandLine(
            List<Object> firstCommands, Set<Class<? extends Exception>> moreKnownFailures) {
        CommandLine cli = new CommandLine(new LodestoneCli());
        List<Object> commands = new ArrayList<>(firstCommands);
        commands.addAll(
                List.of(
                        new RunCommand(),
                        new IngestCommand(),
                        new CasesCommand(),
                        new ConfigCommand(),
                        new CommandLine.HelpCommand()));
        commands.forEach(cli::addSubcommand);
        List<Class<? extends Exception>> known = new ArrayList<>(KNOWN_FAILURES);
        known.addAll(moreKnownFailures);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // Descriptions are whole paragraphs: picocli wraps them to the terminal's width (80 columns
        // if it cannot tell).
        cli.setUsageHelpAutoWidth(true);
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    Optional<String> refusal =
                            KafkaRefusals.describe(
                                    e, commandName(commandLine), jaasConfig(commandLine));
                    if (refusal.isPresent()) {
                        commandLine.getErr().println("lodestone: " + refusal.get());
                        return 1;
                    }
                    return report(e, commandLine.getErr(), known);
                });
        return cli;
    }

    /**
     * Known failures (bad configuration or input, a server that is down or refuses) print one clear
     * line and exit 1; anything else is a bug: it says so, prints the stack trace and exits {@value
     * #INTERNAL_ERROR}.
     */
    static int report(
            Exception e, PrintWriter err, List<Class<? extends Exception>> knownFailures) {
        if (knownFailures.stream().anyMatch(type -> type.isInstance(e))) {
            err.println("lodestone: " + e.getMessage());
            return 1;
        }
        err.println("lodestone: internal error, a bug (please report it with what follows): " + e);
        e.printStackTrace(err);
        err.flush();
        return INTERNAL_ERROR;
    }

    /** The command as typed, without the program's name: {@code ingest}, {@code cases ack}. */
    private static String commandName(CommandLine commandLine) {
        String qualified = commandLine.getCommandSpec().qualifiedName(" ");
        int program = qualified.indexOf(' ');
        return program < 0 ? qualified : qualified.substring(program + 1);
    }

    /** The {@code sasl.jaas.config} the failed command's configuration gives its clients. */
    private static String jaasConfig(CommandLine commandLine) {
        CommandLine.Model.CommandSpec mixin = commandLine.getCommandSpec().mixins().get("config");
        if (mixin == null || !(mixin.userObject() instanceof ConfigOptions options)) {
            return null;
        }
        try {
            return options.load().kafkaOverrides().get("sasl.jaas.config");
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    static int report(Exception e, PrintWriter err) {
        return report(e, err, KNOWN_FAILURES);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LodestoneCli.class.getPackage().getImplementationVersion();
            return new String[] {"lodestone " + (version == null ? "0.1.0-SNAPSHOT" : version)};
        }
    }
}
