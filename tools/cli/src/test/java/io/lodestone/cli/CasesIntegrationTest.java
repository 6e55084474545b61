package io.lodestone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lodestone.app.LodestoneApp;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.declarations.EventKind;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.testing.Ingest;
import io.lodestone.testing.TestConfigs;
import io.lodestone.testing.TopicReader;
import io.lodestone.testsupport.KafkaBrokerExtension;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cases on a real broker: the sample's alerts become cases; an analyst acknowledges one through the
 * API and suppresses another with the CLI; the app restarts on a fresh state directory (restoring
 * from its changelog) and every decision is still there; a close after the restart lands in the
 * same history. Bad input is answered with a clear error and nothing is written. An ingest that may
 * not create topics says at once that its topic is missing.
 */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class CasesIntegrationTest {

    private static final Path SAMPLE =
            LocalInfra.findProjectHome().resolve("producers/sample-data");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAIN_CASE =
            "TRANSSHIPMENT:antimony:company=SIAM ANTIMONY TRADING@TH";

    @TempDir Path tmp;

    private static final String TOKEN = "cases-test-token";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void decisionsFromTheApiAndTheCliSurviveARestartAndBadInputIsRefused() throws Exception {
        LodestoneConfig config =
                TestConfigs.forBroker(
                        "cases", tmp.resolve("state-1"), Map.of("http.query.token", TOKEN));
        Path cliConfig =
                Files.writeString(
                        tmp.resolve("cli.properties"),
                        "bootstrap.servers="
                                + config.bootstrapServers()
                                + "\n"
                                + "schema.registry.url="
                                + config.registryUrl()
                                + "\ntopic.prefix="
                                + config.topics().prefix()
                                + "\n");
        String licenceCase;
        try (LodestoneApp app = LodestoneApp.start(config)) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            Ingest.file(config, EventKind.LICENSES, SAMPLE.resolve("licenses.jsonl"), 0);
            Ingest.file(config, EventKind.SHIPMENTS, SAMPLE.resolve("shipments.jsonl"), 0);
            String api = "http://127.0.0.1:" + app.httpPort();
            JsonNode chain =
                    await(api, CHAIN_CASE, c -> c.path("case").path("alertCount").asLong() > 50);
            assertThat(chain.path("alerts")).hasSize(10);
            assertThat(chain.path("case").path("status").asText()).isEqualTo("OPEN");

            JsonNode critical = get(api + "/api/cases?severity=CRITICAL&family=LICENCE&limit=1");
            assertThat(critical.path("total").asInt()).isGreaterThan(1);
            assertThat(critical.path("cases")).hasSize(1);
            licenceCase = critical.path("cases").get(0).path("caseId").asText();

            // the API refuses what the topology would refuse, before anything is written
            assertThat(
                            post(
                                    api,
                                    licenceCase,
                                    "{\"action\":\"SUPPRESS\",\"decidedBy\":\"ana\",\"reason\":\"known\"}"))
                    .isEqualTo(
                            "400 {\"error\":\"SUPPRESS needs suppressUntil, the end of the"
                                    + " suppression\"}");
            assertThat(post(api, licenceCase, "not json"))
                    .startsWith("400 {\"error\":\"the body must be a JSON object");
            assertThat(post(api, licenceCase, "{\"action\":\"ESCALATE\",\"decidedBy\":\"ana\"}"))
                    .isEqualTo(
                            "400 {\"error\":\"action must be one of [ACKNOWLEDGE, SUPPRESS, CLOSE,"
                                    + " REOPEN], got 'ESCALATE'\"}");
            assertThat(
                            post(
                                    api,
                                    "LICENCE:antimony:exporter=NOBODY",
                                    "{\"action\":\"ACKNOWLEDGE\",\"decidedBy\":\"ana\"}"))
                    .startsWith("404 ");
            assertThat(get(api + "/api/cases?status=PENDING").toString())
                    .contains("status must be one of [OPEN, ACKNOWLEDGED, SUPPRESSED, CLOSED]");
            assertThat(decisionsWritten(config)).isZero();

            assertThat(
                            post(
                                    api,
                                    licenceCase,
                                    "{\"action\":\"ACKNOWLEDGE\",\"decidedBy\":\"ana@customs.example\"}"))
                    .startsWith("202 ");
            assertThat(
                            cli(
                                    "cases",
                                    "suppress",
                                    CHAIN_CASE,
                                    "--until",
                                    "2099-01-01",
                                    "--reason",
                                    "trader under investigation elsewhere",
                                    "--by",
                                    "ben",
                                    "-c",
                                    cliConfig.toString()))
                    .contains("SUPPRESS " + CHAIN_CASE + " published");
            assertThat(
                            cli(
                                    "cases",
                                    "ack",
                                    "LICENCE:antimony:exporter=NOBODY",
                                    "--by",
                                    "ben",
                                    "-c",
                                    cliConfig.toString()))
                    .contains("exit 1")
                    .contains("no case LICENCE:antimony:exporter=NOBODY");
            await(
                    api,
                    licenceCase,
                    c -> c.path("case").path("status").asText().equals("ACKNOWLEDGED"));
            await(
                    api,
                    CHAIN_CASE,
                    c -> c.path("case").path("status").asText().equals("SUPPRESSED"));
            assertThat(decisionsWritten(config)).isEqualTo(2);
            String metrics =
                    http.send(
                                    HttpRequest.newBuilder(URI.create(api + "/metrics")).build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            assertThat(metrics)
                    .contains(
                            "lodestone_cases_time_to_acknowledge_seconds_count{family=\"LICENCE\"}"
                                    + " 1");
        }

        // A new instance on an empty state directory restores the cases from the changelog: nothing
        // is lost.
        LodestoneConfig restarted =
                TestConfigs.forBroker(
                        "unused",
                        tmp.resolve("state-2"),
                        Map.of(
                                "topic.prefix",
                                config.topics().prefix(),
                                "application.id",
                                config.applicationId()));
        try (LodestoneApp app = LodestoneApp.start(restarted)) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            String api = "http://127.0.0.1:" + app.httpPort();
            // this instance has no token: its API reads are open, a decision is refused
            assertThat(post(api, licenceCase, "{\"action\":\"ACKNOWLEDGE\",\"decidedBy\":\"ana\"}"))
                    .isEqualTo(
                            "403 {\"error\":\"writes (case decisions) always need a bearer token,"
                                    + " and this instance has none: set http.query.token (env"
                                    + " LODESTONE_HTTP_QUERY_TOKEN) on every instance, then send"
                                    + " 'Authorization: Bearer <token>'\"}");
            assertThat(
                            cli(
                                    "cases",
                                    "close",
                                    licenceCase,
                                    "--reason",
                                    "licence found in the register",
                                    "--by",
                                    "ana",
                                    "-c",
                                    cliConfig.toString()))
                    .contains("CLOSE " + licenceCase + " published");
            JsonNode closed =
                    await(
                            api,
                            licenceCase,
                            c -> c.path("case").path("status").asText().equals("CLOSED"));
            List<String> history = new ArrayList<>();
            closed.path("case")
                    .path("decisions")
                    .forEach(
                            d ->
                                    history.add(
                                            d.path("action").asText()
                                                    + " by "
                                                    + d.path("decidedBy").asText()));
            assertThat(history)
                    .containsExactly("ACKNOWLEDGE by ana@customs.example", "CLOSE by ana");
            JsonNode suppressed =
                    await(
                            api,
                            CHAIN_CASE,
                            c -> c.path("case").path("status").asText().equals("SUPPRESSED"));
            assertThat(suppressed.path("case").path("suppressedUntil").asText())
                    .isEqualTo("2099-01-01T00:00:00Z");

            // the metrics: this instance counts the cases it restored, and the acknowledgement was
            // timed once
            String metrics =
                    http.send(
                                    HttpRequest.newBuilder(URI.create(api + "/metrics")).build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            assertThat(metrics)
                    .contains(
                            "lodestone_cases{family=\"TRANSSHIPMENT\",severity=\"WARNING\",status=\"SUPPRESSED\"}"
                                + " 1.0")
                    .contains(
                            "lodestone_cases{family=\"LICENCE\",severity=\"CRITICAL\",status=\"CLOSED\"}"
                                + " 1.0");

            String list =
                    cli("cases", "list", "--status", "SUPPRESSED", "-c", cliConfig.toString());
            assertThat(list).contains("SUPPRESSED").contains(CHAIN_CASE).contains("1 case(s)");
            assertThat(cli("cases", "show", licenceCase, "-c", cliConfig.toString()))
                    .contains("ACKNOWLEDGE by ana@customs.example")
                    .contains("CLOSE by ana: licence found in the register");
        }
    }

    private long decisionsWritten(LodestoneConfig config) {
        return TopicReader.readAll(
                        config.bootstrapServers(),
                        config.topics().caseDecisions(),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())
                .size();
    }

    /** The case from the API once {@code done} holds (a decision takes a moment to apply). */
    private JsonNode await(String api, String caseId, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(URI.create(api + "/api/cases/" + encode(caseId)))
                                    .header("Authorization", "Bearer " + TOKEN)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                last = JSON.readTree(response.body());
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("case " + caseId + " did not get there; last seen: " + last);
    }

    private JsonNode get(String url) throws Exception {
        return JSON.readTree(
                http.send(
                                HttpRequest.newBuilder(URI.create(url))
                                        .header("Authorization", "Bearer " + TOKEN)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
    }

    private String post(String api, String caseId, String body) throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                api
                                                        + "/api/cases/"
                                                        + encode(caseId)
                                                        + "/decisions"))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    @Test
    void ingestWithoutTopicCreationIntoAMissingTopicFailsAtOnceSayingWhatToDo() throws Exception {
        Path config =
                Files.writeString(
                        tmp.resolve("ingest.properties"),
                        "bootstrap.servers="
                                + KafkaBrokerExtension.bootstrapServersStartingIfNeeded()
                                + "\nschema.registry.url=http://127.0.0.1:1\ntopic.prefix=nowhere."
                                + "\ntopic.create=false\n");
        assertThat(
                        cli(
                                "ingest",
                                "-c",
                                config.toString(),
                                "licenses",
                                SAMPLE.resolve("licenses.jsonl").toString()))
                .isEqualTo(
                        "lodestone: topic nowhere.licenses does not exist, and this config does"
                                + " not create topics (topic.create=false): start the app once"
                                + " (lodestone run -c <the app's config>), which creates its"
                                + " topics, then ingest again\n\nexit 1");
    }

    private static String encode(String caseId) {
        return URLEncoder.encode(caseId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The CLI in this JVM, as a user runs it: what it printed, and its exit code when not 0. */
    private static String cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
        int exit;
        try {
            exit = LodestoneCli.commandLine().execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        return exit == 0 ? printed : printed + "\nexit " + exit;
    }
}
