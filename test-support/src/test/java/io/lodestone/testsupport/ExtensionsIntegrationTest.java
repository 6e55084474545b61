package io.lodestone.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.localinfra.RegistryProcess;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The two extensions every integration test starts from: a broker that takes topics, a registry
 * that enforces BACKWARD.
 */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class ExtensionsIntegrationTest {

    @Test
    void theInJvmBrokerTakesTopicsAndTheRegistryIsReadyWithBackwardCompatibility()
            throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                KafkaBrokerExtension.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("ext-probe", 2, (short) 1))).all().get();
            assertThat(
                            admin.describeTopics(List.of("ext-probe"))
                                    .allTopicNames()
                                    .get()
                                    .get("ext-probe")
                                    .partitions())
                    .hasSize(2);
        }
        assertThat(RegistryProcess.isReady(SchemaRegistryExtension.url())).isTrue();
        assertThat(RegistryProcess.compatibility(SchemaRegistryExtension.url()))
                .isEqualTo("BACKWARD");
    }
}
