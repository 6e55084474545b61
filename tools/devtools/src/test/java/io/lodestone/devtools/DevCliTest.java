package io.lodestone.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
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
}
