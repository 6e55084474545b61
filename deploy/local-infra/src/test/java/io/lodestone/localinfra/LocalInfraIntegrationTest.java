package io.lodestone.localinfra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starts the real broker and registry processes exactly as {@code lodestone infra up} does. */
class LocalInfraIntegrationTest {

    @TempDir
    Path dataDir;

    private LocalInfra.Settings settings() {
        return new LocalInfra.Settings(LocalInfra.findProjectHome(), dataDir, ServerProcess.freePort(), ServerProcess.freePort(),
                ServerProcess.freePort(), Duration.ofSeconds(90));
    }

    @Test
    void startsBothServersReusesThemAndStopsWhatItStarted() throws Exception {
        LocalInfra.Settings settings = settings();
        List<String> progress = new ArrayList<>();
        long brokerPid;
        try (LocalInfra infra = LocalInfra.up(settings, progress::add)) {
            assertThat(progress).anyMatch(l -> l.startsWith("Kafka broker ready in")).anyMatch(l -> l.startsWith("schema registry ready in"));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("probe", 1, (short) 1))).all().get();
                assertThat(admin.listTopics().names().get()).contains("probe");
            }
            HttpResponse<String> config = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(infra.registryUrl() + "/apis/ccompat/v7/config")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(config.body()).contains("\"BACKWARD\"");
            assertThat(LocalInfra.status(settings)).contains("Kafka broker     running").contains("schema registry  running");
            brokerPid = Long.parseLong(Files.readString(dataDir.resolve("kafka/broker.pid")).trim());

            List<String> second = new ArrayList<>();
            try (LocalInfra reused = LocalInfra.up(settings, second::add)) {
                assertThat(second).anyMatch(l -> l.contains("already running") && l.contains("reusing"));
            } // closing the reusing handle must not stop the servers
            assertThat(KafkaBroker.ready(settings.brokerPort())).isTrue();
        }
        assertThat(ProcessHandle.of(brokerPid)).isEmpty();
        assertThat(ServerProcess.portInUse(settings.brokerPort())).isFalse();
        assertThat(ServerProcess.portInUse(settings.registryPort())).isFalse();
        assertThat(LocalInfra.status(settings)).contains("Kafka broker     stopped").contains("schema registry  stopped");
    }

    @Test
    void aTakenPortFailsFastNamingThePort() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            LocalInfra.Settings s = settings();
            LocalInfra.Settings taken = new LocalInfra.Settings(s.home(), s.dataDir(), squatter.getLocalPort(), s.controllerPort(),
                    s.registryPort(), s.startTimeout());
            assertThatThrownBy(() -> LocalInfra.up(taken, line -> { }))
                    .isInstanceOf(LocalInfraException.class)
                    .hasMessageContaining("port " + squatter.getLocalPort() + " on 127.0.0.1 is already taken")
                    .hasMessageContaining("Kafka broker");
        }
    }

    @Test
    void downStopsServersStartedByAnotherHandleAndSaysSo() {
        LocalInfra.Settings settings = settings();
        LocalInfra.up(settings, line -> { }); // left running, as 'infra up --detach' leaves them
        List<String> report = LocalInfra.down(settings);
        assertThat(report).hasSize(2);
        assertThat(report.get(0)).startsWith("stopped schema registry (pid ");
        assertThat(report.get(1)).startsWith("stopped Kafka broker (pid ");
        assertThat(ServerProcess.portInUse(settings.brokerPort())).isFalse();
        assertThat(ServerProcess.portInUse(settings.registryPort())).isFalse();
        assertThat(LocalInfra.down(settings)).containsExactly("schema registry was not running", "Kafka broker was not running");
    }
}
