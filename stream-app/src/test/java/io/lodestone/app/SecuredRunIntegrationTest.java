package io.lodestone.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lodestone.config.ConfigOption;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.declarations.EventKind;
import io.lodestone.declarations.FileIngest;
import io.lodestone.localinfra.LocalSecurity;
import io.lodestone.testing.Ingest;
import io.lodestone.testing.OwnInfra;
import io.lodestone.testing.PipelineOutputs;
import io.lodestone.testing.SimulatedHistory;
import io.lodestone.testsupport.KafkaBrokerExtension;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secured local infrastructure ({@code infra up --secure}: Kafka on SASL_SSL with SCRAM-SHA-512
 * and ACLs, the registry on HTTPS): the app and ingest, each as its own principal with the
 * generated client settings, give exactly the outputs of the same history on an unsecured broker; a
 * client without credentials, one with a wrong password and the ingest principal writing to {@code
 * alerts} are refused.
 */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredRunIntegrationTest {

    @TempDir static Path tmp;

    private SimulatedHistory.Files history;
    private PipelineOutputs expected;

    @BeforeAll
    void runInTheClear() throws Exception {
        history = SimulatedHistory.write(Files.createDirectories(tmp.resolve("history")));
        expected = SimulatedHistory.undisturbedOutputs(); // an unsecured run of the same history
    }

    @Test
    void theAppAndIngestAsTheirPrincipalsGiveTheOutputsOfAnUnsecuredRunAndOthersAreRefused()
            throws Exception {
        try (OwnInfra infra = OwnInfra.upSecured(tmp.resolve("secured"))) {
            assertThat(infra.bootstrapServers()).startsWith("127.0.0.1:");
            LodestoneConfig app = infra.app("secured", Map.of());
            LodestoneConfig ingest = infra.ingest("secured");
            assertThat(app.registryUrl()).startsWith("https://");
            assertThat(app.kafkaOverrides())
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
            assertThat(app.get(ConfigOption.HTTP_QUERY_TOKEN))
                    .as("the query API's token, in the app's file, so decisions can be made")
                    .matches("[A-Za-z0-9]{24}");

            FileIngest.Report licences =
                    Ingest.file(ingest, EventKind.LICENSES, history.licences(), 0);
            FileIngest.Report shipments =
                    Ingest.file(ingest, EventKind.SHIPMENTS, history.shipments(), 0);
            assertThat(licences.rejected() + shipments.rejected()).isZero();
            try (LodestoneApp running = LodestoneApp.start(app)) {
                assertThat(running.awaitRunning(Duration.ofSeconds(60))).isTrue();
                assertThat(expected.differences(PipelineOutputs.await(app)))
                        .as("outputs that differ from the undisturbed run")
                        .isEmpty();
            }

            LocalSecurity security = infra.security().orElseThrow();
            Map<String, Object> noCredentials =
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
            assertThat(refusal(noCredentials, ingest.topics().shipments()))
                    .as("a client in the clear")
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("not present in metadata");

            Map<String, Object> wrongPassword =
                    new HashMap<>(ingest.kafkaClient(ProducerConfig.configNames()));
            wrongPassword.put(
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                            + LocalSecurity.INGEST
                            + "\" password=\""
                            + security.password(LocalSecurity.INGEST)
                            + "x\";");
            assertThat(refusal(wrongPassword, ingest.topics().shipments()))
                    .as("a wrong password")
                    .isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("invalid credentials");

            assertThat(
                            refusal(
                                    ingest.kafkaClient(ProducerConfig.configNames()),
                                    ingest.topics().alerts()))
                    .as("ingest writing alerts")
                    .isInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining(ingest.topics().alerts());
        }
    }

    /**
     * What sending one record to {@code topic} with {@code settings} ends in: the refusal's root
     * cause, or null if it was written.
     */
    private static Throwable refusal(Map<String, Object> settings, String topic) {
        Map<String, Object> producer = new HashMap<>(settings);
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        producer.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        Throwable thrown;
        try (KafkaProducer<String, String> client =
                new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
            thrown =
                    catchThrowable(
                            () ->
                                    client.send(new ProducerRecord<>(topic, "k", "v"))
                                            .get(30, TimeUnit.SECONDS));
        }
        while (thrown != null
                && thrown.getCause() != null
                && !(thrown instanceof org.apache.kafka.common.KafkaException)) {
            thrown = thrown.getCause();
        }
        return thrown;
    }
}
