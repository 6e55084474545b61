package io.lodestone.localinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the real broker and registry processes exactly as {@code lodestone infra up} does, on free
 * ports.
 */
class LocalInfraIntegrationTest {

    // HTTP/1.1: the registry may end an HTTP/2 (h2c) connection under load (GOAWAY).
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static final Path HOME = LocalInfra.findProjectHome();

    /**
     * A ceiling, not a target: beside CI's three other lanes of tests on two cores a registry once
     * took more than the 60 s a user's start allows.
     */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    @TempDir Path dataDir;

    private static LocalInfra.Settings settings(
            Path dataDir, int brokerPort, int registryPort, Duration startTimeout) {
        return new LocalInfra.Settings(
                HOME, dataDir, brokerPort, Ports.freePort(), registryPort, startTimeout);
    }

    private static LocalInfra.Settings freshSettings(Path dataDir) {
        return settings(dataDir, Ports.freePort(), Ports.freePort(), START_TIMEOUT);
    }

    @Test
    void startsBothServersReusesThemRefusesTakenPortsAndStopsWhatItStarted() throws Exception {
        LocalInfra.Settings settings = freshSettings(dataDir);
        List<String> progress = new ArrayList<>();
        long brokerPid;
        long registryPid;
        try (LocalInfra infra = LocalInfra.up(settings, progress::add)) {
            assertThat(progress)
                    .contains("starting Kafka broker on 127.0.0.1:" + settings.brokerPort() + " …")
                    .anyMatch(line -> line.startsWith("Kafka broker ready in"))
                    .anyMatch(line -> line.startsWith("schema registry ready in"));
            assertThat(infra.bootstrapServers()).isEqualTo("127.0.0.1:" + settings.brokerPort());
            assertThat(infra.registryUrl())
                    .isEqualTo("http://127.0.0.1:" + settings.registryPort());

            try (Admin admin =
                    Admin.create(
                            Map.of(
                                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    infra.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("probe", 2, (short) 1))).all().get();
                assertThat(admin.listTopics().names().get()).contains("probe");
            }
            assertThat(RegistryProcess.compatibility(infra.registryUrl())).isEqualTo("BACKWARD");

            LocalInfra.Status status = LocalInfra.status(settings);
            assertThat(status.broker().running()).isTrue();
            assertThat(status.broker().ready()).isTrue();
            assertThat(status.registry().running()).isTrue();
            assertThat(status.registry().ready()).isTrue();
            brokerPid = status.broker().pid().orElseThrow();
            registryPid = status.registry().pid().orElseThrow();

            List<String> again = new ArrayList<>();
            try (LocalInfra reused = LocalInfra.up(settings, again::add)) {
                assertThat(reused.bootstrapServers()).isEqualTo(infra.bootstrapServers());
                assertThat(again)
                        .containsExactly(
                                "Kafka broker already running (pid "
                                        + brokerPid
                                        + ") on 127.0.0.1:"
                                        + settings.brokerPort()
                                        + ": reusing it",
                                "schema registry already running (pid "
                                        + registryPid
                                        + ") on 127.0.0.1:"
                                        + settings.registryPort()
                                        + ": reusing it");
            } // closing a handle that reused the servers must leave them running
            assertThat(BrokerProcess.isReady(settings)).isTrue();
            assertThat(RegistryProcess.isReady(infra.registryUrl())).isTrue();

            // Another data directory (so no pid file to reuse) on the same broker port.
            LocalInfra.Settings brokerClash =
                    settings(
                            dataDir.resolve("other"),
                            settings.brokerPort(),
                            Ports.freePort(),
                            START_TIMEOUT);
            assertThatThrownBy(() -> LocalInfra.up(brokerClash, line -> {}))
                    .isInstanceOf(LocalInfraException.class)
                    .hasMessageContaining(
                            "port " + settings.brokerPort() + " on 127.0.0.1 is already in use")
                    .hasMessageContaining("probably another Kafka broker")
                    .hasMessageContaining(
                            "--broker-port <port> (or the environment variable"
                                    + " LODESTONE_BROKER_PORT)");

            // Same for the registry port: its broker starts first and must be stopped again, not
            // left behind.
            LocalInfra.Settings registryClash =
                    settings(
                            dataDir.resolve("other"),
                            Ports.freePort(),
                            settings.registryPort(),
                            START_TIMEOUT);
            assertThatThrownBy(() -> LocalInfra.up(registryClash, line -> {}))
                    .isInstanceOf(LocalInfraException.class)
                    .hasMessageContaining(
                            "port " + settings.registryPort() + " on 127.0.0.1 is already in use")
                    .hasMessageContaining(
                            "--registry-port <port> (or the environment variable"
                                    + " LODESTONE_REGISTRY_PORT)");
            assertThat(Ports.isFree(registryClash.brokerPort())).isTrue();
            assertThat(dataDir.resolve("other/kafka/broker.pid")).doesNotExist();
        }

        assertExited(brokerPid);
        assertExited(registryPid);
        assertThat(Ports.isFree(settings.brokerPort())).isTrue();
        assertThat(Ports.isFree(settings.controllerPort())).isTrue();
        assertThat(Ports.isFree(settings.registryPort())).isTrue();
        assertThat(dataDir.resolve("kafka/broker.pid")).doesNotExist();
        assertThat(dataDir.resolve("registry/registry.pid")).doesNotExist();
        assertThat(LocalInfra.status(settings).toString())
                .contains("Kafka broker     stopped")
                .contains("schema registry  stopped");
    }

    @Test
    void downStopsServersThatAnotherHandleLeftRunning() {
        LocalInfra.Settings settings = freshSettings(dataDir);
        LocalInfra.up(
                settings, line -> {}); // left running, as 'lodestone infra up --detach' leaves them

        List<String> report = LocalInfra.down(settings);

        assertThat(report).hasSize(2);
        assertThat(report.get(0)).startsWith("stopped schema registry (pid ");
        assertThat(report.get(1)).startsWith("stopped Kafka broker (pid ");
        assertThat(Ports.isFree(settings.brokerPort())).isTrue();
        assertThat(Ports.isFree(settings.registryPort())).isTrue();
        assertThat(LocalInfra.down(settings))
                .containsExactly(
                        "schema registry was not running (no pid file)",
                        "Kafka broker was not running (no pid file)");
    }

    @Test
    void theRegistryKeepsItsSchemaIdsAcrossARestartAndAnEmptyRegistryBesideBrokerDataIsRefused()
            throws Exception {
        LocalInfra.Settings settings = freshSettings(dataDir);
        String licence =
                "{\"type\":\"record\",\"name\":\"License\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
        String alert =
                "{\"type\":\"record\",\"name\":\"Alert\",\"fields\":[{\"name\":\"alertId\",\"type\":\"string\"}]}";
        int licenceId;
        try (LocalInfra infra = LocalInfra.up(settings, line -> {})) {
            try (Admin admin =
                    Admin.create(
                            Map.of(
                                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    infra.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("lodestone.licenses", 1, (short) 1)))
                        .all()
                        .get();
            }
            licenceId = register(infra.registryUrl(), "lodestone.licenses-value", licence);
        }
        try (LocalInfra again = LocalInfra.up(settings, line -> {})) {
            assertThat(get(again.registryUrl(), "/apis/ccompat/v7/schemas/ids/" + licenceId))
                    .as("the id still names the licence schema")
                    .contains("License");
            assertThat(register(again.registryUrl(), "lodestone.alerts-value", alert))
                    .as("a new schema gets a new id")
                    .isNotEqualTo(licenceId);
        }

        RegistryProcess.deleteStoredSchemas(settings.registryDir());
        assertThatThrownBy(() -> LocalInfra.up(settings, line -> {}))
                .isInstanceOf(LocalInfraException.class)
                .hasMessageContaining(
                        "the Kafka broker's data in "
                                + dataDir.resolve("kafka")
                                + " holds topics (lodestone.licenses)")
                .hasMessageContaining(
                        "the schema registry in "
                                + settings.registryDir()
                                + " has no stored schemas")
                .hasMessageContaining("'lodestone infra down', then delete " + dataDir);
        assertThat(Ports.isFree(settings.brokerPort())).as("nothing was started").isTrue();
    }

    private static int register(String registryUrl, String subject, String schema)
            throws Exception {
        String body = "{\"schema\":\"" + schema.replace("\"", "\\\"") + "\"}";
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                registryUrl
                                                        + "/apis/ccompat/v7/subjects/"
                                                        + subject
                                                        + "/versions"))
                                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Integer.parseInt(response.body().replaceAll("\\D+", ""));
    }

    private static String get(String registryUrl, String path) throws Exception {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(registryUrl + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    @Test
    void aServerNotReadyInTimeIsStoppedAndItsLogQuoted() {
        LocalInfra.Settings settings =
                settings(dataDir, Ports.freePort(), Ports.freePort(), Duration.ofSeconds(1));
        Path log = dataDir.resolve("kafka/server.log");

        assertThatThrownBy(() -> LocalInfra.up(settings, line -> {}))
                .isInstanceOf(LocalInfraException.class)
                .hasMessageContaining(
                        "the Kafka broker was not ready on 127.0.0.1:"
                                + settings.brokerPort()
                                + " after 1 s, so it was stopped")
                .hasMessageContaining("Last lines of its log " + log + ":");
        assertThat(dataDir.resolve("kafka/broker.pid")).doesNotExist();
        assertThat(Ports.isFree(settings.brokerPort())).isTrue();
    }

    @Test
    void aMissingBuildSaysWhichMavenCommandMakesIt(@TempDir Path emptyHome) {
        LocalInfra.Settings s = freshSettings(dataDir);
        LocalInfra.Settings unbuilt =
                new LocalInfra.Settings(
                        emptyHome,
                        dataDir,
                        s.brokerPort(),
                        s.controllerPort(),
                        s.registryPort(),
                        s.startTimeout());

        assertThatThrownBy(() -> LocalInfra.up(unbuilt, line -> {}))
                .isInstanceOf(LocalInfraException.class)
                .hasMessageContaining("the Kafka broker is not built")
                .hasMessageContaining(
                        "'cd " + emptyHome + " && mvn -B -f deploy/broker/pom.xml package'");
    }

    /** Gone, or an exited child that the JVM reaps within moments. */
    private static void assertExited(long pid) {
        ProcessHandle.of(pid)
                .ifPresent(
                        process ->
                                assertThat(process.onExit()).succeedsWithin(Duration.ofSeconds(2)));
    }
}
