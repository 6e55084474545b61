package io.lodestone.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.config.LodestoneConfig;
import io.lodestone.schemas.topics.TopicProvisioner;
import io.lodestone.testing.Shipments;
import io.lodestone.testing.TestConfigs;
import io.lodestone.testing.TopicReader;
import io.lodestone.testsupport.KafkaBrokerExtension;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input topics missing from Kafka's metadata under a running app, as a broker still loading them
 * after a restart reports them: deleted, then created again 5 s later. The app replaces its failed
 * stream thread (instead of shutting down), removes the failed thread's static member so the group
 * need not wait out its 45 s session, and processes again.
 */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class MissingTopicsIntegrationTest {

    @TempDir Path tmp;

    @Test
    void inputTopicsMissingForAWhileCostANewStreamThreadNotTheApp() throws Exception {
        LodestoneConfig config = TestConfigs.forBroker("missing", tmp.resolve("state"), Map.of());
        try (LodestoneApp app = LodestoneApp.start(config);
                Admin admin =
                        Admin.create(
                                Map.of(
                                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        config.bootstrapServers()))) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();

            admin.deleteTopics(List.of(config.topics().shipments(), config.topics().licenses()))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (app.state() == KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(app.state())
                    .as("a rebalance saw the topics missing")
                    .isEqualTo(KafkaStreams.State.REBALANCING);
            Thread.sleep(5_000);
            TopicProvisioner.createMissing(
                    config.bootstrapServers(),
                    config.topics().definitions(config.topicPartitions(), (short) 1),
                    Duration.ofSeconds(30));
            long recreated = System.nanoTime();

            assertThat(app.awaitRunning(Duration.ofSeconds(60))).as("running again").isTrue();
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - recreated);
            System.out.println("running again " + seconds + " s after the topics came back");
            assertThat(seconds)
                    .as("well under the 45 s session timeout a stale static member would cost")
                    .isLessThan(40);

            Shipments.publishOneOfEachOutcome(config);
            assertThat(
                            TopicReader.awaitCaughtUp(
                                    config.bootstrapServers(),
                                    config.applicationId(),
                                    config.topics().shipments(),
                                    Duration.ofSeconds(60)))
                    .as("processing again")
                    .isTrue();
            assertThat(
                            TopicReader.latestRouteTotals(
                                    config.bootstrapServers(),
                                    config.registryUrl(),
                                    config.topics().routeVolumes()))
                    .containsKey("antimony|AU|AU|JP@2025-02-01");
        }
    }
}
