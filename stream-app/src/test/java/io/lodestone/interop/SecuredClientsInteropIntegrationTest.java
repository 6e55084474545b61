package io.lodestone.interop;

import static io.lodestone.interop.ConfluentClientsInteropIntegrationTest.shipment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lodestone.app.LodestoneApp;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.localinfra.LocalSecurity;
import io.lodestone.testing.OwnInfra;
import io.lodestone.testing.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same clients nobody here wrote, in secured mode ({@code infra up --secure}: SASL_SSL with
 * SCRAM-SHA-512, ACLs, the registry on HTTPS), on librdkafka 2.12.0 (built by
 * bin/install-test-deps): Python's confluent-kafka produces shipments as the ingest principal
 * through the registry and reads the app's route volumes as the admin, kcat reads them too. On
 * Debian's librdkafka 2.0.2 the same client with the right password is refused, as the README says.
 */
class SecuredClientsInteropIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path HOME = LocalInfra.findProjectHome();

    @TempDir Path tmp;

    @Test
    void clientsOnLibrdkafka2_12AuthenticateWithScramAndDebiansLibrdkafkaIsRefused()
            throws Exception {
        Path input =
                Files.write(
                        tmp.resolve("shipments.jsonl"),
                        List.of(
                                shipment(
                                        "SHP-S-1",
                                        "2025-03-01T08:00:00Z",
                                        "28258000",
                                        "TH",
                                        12000,
                                        300000),
                                shipment(
                                        "SHP-S-2",
                                        "2025-03-01T15:30:00Z",
                                        "81101000",
                                        "TH",
                                        8000,
                                        150000)));
        try (OwnInfra infra = OwnInfra.upSecured(tmp.resolve("secured"))) {
            LocalSecurity security = infra.security().orElseThrow();
            LodestoneConfig app = infra.app("interop", Map.of());
            String bootstrap = infra.bootstrapServers();
            String ccompat = app.registryUrl() + "/apis/ccompat/v7";
            String schema = HOME.resolve("schemas/src/main/avro/Shipment.avsc").toString();
            ForeignClients ingest =
                    ForeignClients.newerLibrdkafka(probeSettings(security, LocalSecurity.INGEST));
            ForeignClients admin =
                    ForeignClients.newerLibrdkafka(probeSettings(security, LocalSecurity.ADMIN));

            try (LodestoneApp running = LodestoneApp.start(app)) {
                assertThat(running.awaitRunning(Duration.ofSeconds(60))).isTrue();
                String produced =
                        ingest.python(
                                "produce",
                                bootstrap,
                                ccompat,
                                app.topics().shipments(),
                                schema,
                                input.toString());
                assertThat(ForeignClients.librdkafka(produced)).isEqualTo("2.12.0");
                assertThat(ForeignClients.records(produced).get(0).get("produced").asInt())
                        .isEqualTo(2);
                assertThat(
                                TopicReader.awaitCaughtUp(
                                        app.kafkaClient(AdminClientConfig.configNames()),
                                        app.applicationId(),
                                        app.topics().shipments(),
                                        Duration.ofSeconds(60)))
                        .isTrue();

                Map<String, JsonNode> latest = new HashMap<>();
                for (JsonNode record :
                        ForeignClients.records(
                                admin.python(
                                        "consume",
                                        bootstrap,
                                        ccompat,
                                        app.topics().routeVolumes(),
                                        "1"))) {
                    latest.put(record.get("key").asText(), record.get("value"));
                }
                assertThat(latest).containsOnlyKeys("antimony|CN|CN|TH");
                assertThat(latest.get("antimony|CN|CN|TH").get("netWeightKg").asDouble())
                        .isEqualTo(20000.0);
                assertThat(latest.get("antimony|CN|CN|TH").get("shipmentCount").asLong())
                        .isEqualTo(2);

                String keys =
                        admin.kcat(
                                null,
                                "-C",
                                "-b",
                                bootstrap,
                                "-t",
                                app.topics().routeVolumes(),
                                "-o",
                                "beginning",
                                "-e",
                                "-q",
                                "-f",
                                "%k\\n",
                                "-X",
                                "security.protocol=SASL_SSL",
                                "-X",
                                "sasl.mechanisms=SCRAM-SHA-512",
                                "-X",
                                "sasl.username=" + LocalSecurity.ADMIN,
                                "-X",
                                "sasl.password=" + security.password(LocalSecurity.ADMIN),
                                "-X",
                                "ssl.ca.location=" + security.caPem());
                assertThat(keys.lines().distinct()).containsExactly("antimony|CN|CN|TH");
            }

            ForeignClients.Result refused =
                    ForeignClients.debian()
                            .with(probeSettings(security, LocalSecurity.INGEST))
                            .pythonResult(
                                    "produce",
                                    bootstrap,
                                    ccompat,
                                    app.topics().shipments(),
                                    schema,
                                    input.toString());
            assertThat(refused.out()).startsWith("{\"librdkafka\": \"2.0.2\"}");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.err()).contains("Authentication failed").contains("SCRAM-SHA-512");
        }
    }

    /** The probe's settings for {@code principal}: SASL_SSL, SCRAM-SHA-512, the local CA. */
    private static Map<String, String> probeSettings(LocalSecurity security, String principal)
            throws Exception {
        String ca = security.caPem().toString();
        return Map.of(
                "PROBE_KAFKA_CONFIG",
                JSON.writeValueAsString(
                        Map.of(
                                "security.protocol",
                                "SASL_SSL",
                                "sasl.mechanisms",
                                "SCRAM-SHA-512",
                                "sasl.username",
                                principal,
                                "sasl.password",
                                security.password(principal),
                                "ssl.ca.location",
                                ca)),
                "PROBE_REGISTRY_CONFIG",
                JSON.writeValueAsString(Map.of("ssl.ca.location", ca)));
    }
}
