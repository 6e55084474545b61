package io.lodestone.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.app.LodestoneApp;
import io.lodestone.avro.Shipment;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.testing.OwnInfra;
import io.lodestone.testing.Shipments;
import io.lodestone.testing.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema registry down for 25 s while a record arrives whose schema id the app has not seen (so
 * it must ask the registry): an outage, not bad data. The record waits, its stream thread replaced
 * while the registry is down, and is processed once it is back; nothing goes to the DLQ.
 */
class RegistryOutageIntegrationTest {

    @TempDir Path tmp;

    @Test
    void aRecordWhoseSchemaTheRegistryCannotServeYetWaitsForItInsteadOfGoingToTheDlq()
            throws Exception {
        try (OwnInfra infra = OwnInfra.up(tmp)) {
            LodestoneConfig config = infra.app("outage", Map.of());
            Shipment first =
                    Shipments.shipment(
                                    "SHP-1",
                                    "2025-03-01T08:00:00Z",
                                    "8110",
                                    "AU",
                                    "AU",
                                    "JP",
                                    1_000,
                                    10.0)
                            .build();
            Shipment later =
                    Shipments.shipment(
                                    "SHP-2",
                                    "2025-03-02T08:00:00Z",
                                    "8110",
                                    "AU",
                                    "AU",
                                    "KR",
                                    2_000,
                                    20.0)
                            .build();
            byte[] newerSchema;
            try (InputFuzz.Encoder encoder =
                    new InputFuzz.Encoder(config.schemaRegistry(), config.topics())) {
                newerSchema =
                        encoder.withUnknownSymbol(
                                later, "endUse"); // registered now, under a subject of its own
            }
            try (LodestoneApp app = LodestoneApp.start(config)) {
                assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
                Shipments.publish(config, first);
                assertThat(
                                TopicReader.awaitCaughtUp(
                                        config.bootstrapServers(),
                                        config.applicationId(),
                                        config.topics().shipments(),
                                        Duration.ofSeconds(60)))
                        .isTrue();

                assertThat(LocalInfra.stopRegistry(infra.settings()))
                        .startsWith("stopped schema registry");
                try (KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(
                                Map.of(
                                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        config.bootstrapServers()),
                                new ByteArraySerializer(),
                                new ByteArraySerializer())) {
                    producer.send(
                                    new ProducerRecord<>(
                                            config.topics().shipments(),
                                            "SHP-2".getBytes(),
                                            newerSchema))
                            .get(30, TimeUnit.SECONDS);
                }
                Thread.sleep(25_000);
                assertThat(
                                TopicReader.readRaw(
                                        config.bootstrapServers(), config.topics().routeVolumes()))
                        .as(
                                "route totals while the registry is down (read raw: decoding needs"
                                        + " the registry)")
                        .extracting(r -> new String(r.key()))
                        .containsOnly("antimony|AU|AU|JP");
                infra.restart();

                Map<String, ?> totals =
                        TopicReader.awaitRouteTotals(
                                config.bootstrapServers(),
                                config.registryUrl(),
                                config.topics().routeVolumes(),
                                t -> t.containsKey("antimony|AU|AU|KR@2025-03-02"),
                                Duration.ofSeconds(120));
                assertThat(totals)
                        .as("SHP-2 processed once the registry is back")
                        .containsKey("antimony|AU|AU|KR@2025-03-02")
                        .containsKey("antimony|AU|AU|JP@2025-03-01");
                assertThat(TopicReader.readRaw(config.bootstrapServers(), config.topics().dlq()))
                        .as("the DLQ")
                        .isEmpty();
            }
        }
    }
}
