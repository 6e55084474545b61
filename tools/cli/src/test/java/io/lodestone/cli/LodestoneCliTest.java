package io.lodestone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LodestoneCliTest {

    @TempDir Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = LodestoneCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpListsTheOperatorsCommandsAndWhereToStart() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString())
                .contains("  run ", "  ingest ", "  cases ", "  config ")
                .contains("Start here: lodestone run -c config/lodestone.properties")
                .doesNotContain("  demo ", "  infra ", "  simulate ");
    }

    @Test
    void ingestOfAFileThatIsNotThereSaysSoAndFails() {
        assertThat(run("ingest", "shipments", tmp.resolve("nope.jsonl").toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("lodestone: cannot read ").contains("nope.jsonl");
    }

    @Test
    void anUnknownKindIsAUsageErrorListingTheKinds() {
        assertThat(run("ingest", "widgets", "x.jsonl")).isEqualTo(2);
        assertThat(err.toString()).contains("SHIPMENTS").contains("LICENSES");
    }

    @Test
    void aBadConfigFileIsOneClearLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("bad.properties"), "window.grace=soon\n");
        assertThat(run("config", "-c", file.toString())).isEqualTo(1);
        assertThat(err.toString().strip())
                .isEqualTo(
                        "lodestone: window.grace must be an ISO-8601 duration such as P2D or PT6H,"
                                + " got 'soon' ("
                                + file
                                + ")");
    }

    @Test
    void configPrintsEverySettingWithItsSource() throws Exception {
        Path file = Files.writeString(tmp.resolve("ok.properties"), "topic.prefix=prod.\n");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(run("config", "-c", file.toString())).isZero();
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("topic.prefix")
                .contains("prod.")
                .contains("(" + file + ")")
                .contains("processing.guarantee")
                .contains("exactly_once_v2")
                .contains("(default)");
    }

    @Test
    void aKnownFailureIsOneLineAndABugSaysItIsOneWithItsStackTrace() {
        StringWriter known = new StringWriter();
        assertThat(
                        LodestoneCli.report(
                                new io.lodestone.schemas.topics.KafkaClusterException(
                                        "cannot create topics on x:9092: down", null),
                                new PrintWriter(known, true)))
                .isEqualTo(1);
        assertThat(known.toString())
                .isEqualTo(
                        "lodestone: cannot create topics on x:9092: down" + System.lineSeparator());

        StringWriter bug = new StringWriter();
        assertThat(
                        LodestoneCli.report(
                                new IllegalStateException("unvalidated shipment S-1"),
                                new PrintWriter(bug, true)))
                .isEqualTo(LodestoneCli.INTERNAL_ERROR);
        assertThat(bug.toString())
                .startsWith(
                        "lodestone: internal error, a bug (please report it with what follows): "
                                + "java.lang.IllegalStateException: unvalidated shipment S-1")
                .contains("at io.lodestone.cli.LodestoneCliTest");
    }
}
