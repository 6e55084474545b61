package io.lodestone.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.avro.Alert;
import io.lodestone.avro.License;
import io.lodestone.avro.LicenseStatus;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.licensing.LicenceVersions;
import io.lodestone.schemas.registry.RegistrySerdes;
import io.lodestone.schemas.topics.TopicProvisioner;
import io.lodestone.testing.Licences;
import io.lodestone.testing.Shipments;
import io.lodestone.testing.TestConfigs;
import io.lodestone.testing.TopicReader;
import io.lodestone.testsupport.KafkaBrokerExtension;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrading from a release whose licence store was named license-versions: the new store is filled
 * from the licences topic, so a shipment is judged against the licences that release had read, not
 * as citing an unknown licence.
 */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class LicenceStoreUpgradeIntegrationTest {

    @TempDir Path tmp;

    @Test
    void theRenamedStoreIsFilledFromTheLicencesTopicOnceAndTheShipmentIsJudgedAgainstItsLicence()
            throws Exception {
        LodestoneConfig config =
                TestConfigs.forBroker(
                        "licence-upgrade",
                        tmp.resolve("state"),
                        Map.of("license.join.grace", "PT0S"));
        Map<String, Object> client = config.kafkaClient(AdminClientConfig.configNames());
        String licences = config.topics().licenses();
        try (Admin admin = Admin.create(client)) {
            // What the former release left: its topics, its licence store's changelog, the licences
            // read to their end.
            TopicProvisioner.createMissing(
                    client, config.topics().definitions(1, (short) 1), Duration.ofSeconds(30));
            admin.createTopics(
                            List.of(
                                    new NewTopic(
                                            config.applicationId()
                                                    + "-"
                                                    + LicenceVersions.FORMER_STORE
                                                    + "-changelog",
                                            1,
                                            (short) 1)))
                    .all()
                    .get();
            License licence =
                    Licences.antimony("L-1", 1, "2025-01-01T00:00:00Z", LicenseStatus.GRANTED)
                            .build();
            try (KafkaProducer<String, License> producer =
                    new KafkaProducer<>(
                            config.kafkaClient(ProducerConfig.configNames()),
                            new StringSerializer(),
                            RegistrySerdes.<License>valueSerde(config.schemaRegistry())
                                    .serializer())) {
                producer.send(new ProducerRecord<>(licences, licence.getLicenseId(), licence))
                        .get();
            }
            TopicPartition partition = new TopicPartition(licences, 0);
            long end =
                    admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                            .all()
                            .get()
                            .get(partition)
                            .offset();
            admin.alterConsumerGroupOffsets(
                            config.applicationId(), Map.of(partition, new OffsetAndMetadata(end)))
                    .all()
                    .get();

            try (LodestoneApp app = LodestoneApp.start(config)) {
                assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
                assertThat(
                                TopicReader.awaitCaughtUp(
                                        client,
                                        config.applicationId(),
                                        licences,
                                        Duration.ofSeconds(60)))
                        .isTrue();
                // CN-EXP-1's antimony to Japan, which L-1 does not permit
                Shipments.publish(
                        config,
                        Shipments.shipment(
                                        "SHP-1",
                                        "2025-03-01T08:00:00Z",
                                        "8110",
                                        "CN",
                                        "CN",
                                        "JP",
                                        1_000,
                                        1.0)
                                .setLicenseId("L-1")
                                .build());
                assertThat(awaitAlerts(config))
                        .extracting(Alert::getType)
                        .containsExactly("LICENSE_SCOPE_VIOLATION");
            }
            assertThat(LicenceStoreUpgrade.rewindIfNeeded(admin, config.applicationId(), licences))
                    .as("once the new store has its changelog, a restart reads nothing again")
                    .isFalse();
        }
    }

    private static List<Alert> awaitAlerts(LodestoneConfig config) throws InterruptedException {
        Map<String, Object> reader =
                new HashMap<>(config.kafkaClient(ProducerConfig.configNames()));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<Alert> alerts = List.of();
        while (alerts.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            alerts =
                    TopicReader.readAll(
                                    reader,
                                    config.topics().alerts(),
                                    new StringDeserializer(),
                                    RegistrySerdes.<Alert>valueSerde(config.schemaRegistry())
                                            .deserializer())
                            .stream()
                            .map(r -> r.value())
                            .toList();
        }
        return alerts;
    }
}
