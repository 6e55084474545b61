package io.lodestone.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The clone's lodestone command: the developer tools first, then the operator's commands, and where
 * to start.
 */
class DevCliTest {

    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cli = DevCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void helpListsTheToolsBeforeTheOperatorsCommandsAndSaysToStartWithTheDemo() {
        assertThat(run("--help")).isZero();
        String help = out.toString();
        List<String> order =
                List.of(
                        "  demo ",
                        "  infra ",
                        "  simulate ",
                        "  run ",
                        "  ingest ",
                        "  cases ",
                        "  config ");
        for (int i = 1; i < order.size(); i++) {
            assertThat(help.indexOf(order.get(i)))
                    .as(order.get(i) + " after " + order.get(i - 1))
                    .isGreaterThan(help.indexOf(order.get(i - 1)));
        }
        assertThat(help).contains("Start here: lodestone demo");
    }

    @Test
    void everyHelpTextIsWholeParagraphsThatPicocliWrapsToTheTerminal() {
        List<String> fragments = new ArrayList<>();
        collect(DevCli.commandLine(), fragments);
        assertThat(fragments)
                .as("description lines that break a sentence (picocli wraps each line again)")
                .isEmpty();

        CommandLine demo = DevCli.commandLine().getSubcommands().get("demo");
        String help =
                demo.getUsageMessage(
                        CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        // At 80 columns (no terminal to ask): one paragraph wrapped once, not lines broken twice.
        assertThat(help)
                .contains(
                        "Run everything end to end on the local default: simulate two years of"
                                + " shipments\n"
                                + "and licences with every scenario (the antimony diversion, the"
                                + " germanium\n"
                                + "collapse,");
    }

    /**
     * Every description line of {@code cli}'s commands, options and parameters that does not end a
     * sentence.
     */
    private static void collect(CommandLine cli, List<String> fragments) {
        CommandLine.Model.CommandSpec spec = cli.getCommandSpec();
        List<String> lines = new ArrayList<>(List.of(spec.usageMessage().description()));
        spec.options().forEach(o -> lines.addAll(List.of(o.description())));
        spec.positionalParameters().forEach(p -> lines.addAll(List.of(p.description())));
        lines.stream()
                .filter(l -> !l.isBlank() && !l.strip().replaceAll("%n$", "").matches(".*[.:)!?]$"))
                .forEach(l -> fragments.add(spec.qualifiedName() + ": " + l));
        cli.getSubcommands().values().forEach(sub -> collect(sub, fragments));
    }
}
