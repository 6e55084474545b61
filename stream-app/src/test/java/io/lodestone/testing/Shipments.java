package io.lodestone.testing;

import io.lodestone.avro.EndUse;
import io.lodestone.avro.Flow;
import io.lodestone.avro.Shipment;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.schemas.registry.RegistrySerdes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Valid shipments for tests; callers change what the test is about. */
public final class Shipments {

    private Shipments() {}

    /**
     * Publishes shipments keyed by id to the configured shipments topic, one acknowledged send at a
     * time.
     */
    public static void publish(LodestoneConfig config, Shipment... shipments) throws Exception {
        try (KafkaProducer<String, Shipment> producer =
                new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()),
                        new StringSerializer(),
                        RegistrySerdes.<Shipment>valueSerde(config.schemaRegistry())
                                .serializer())) {
            for (Shipment s : shipments) {
                producer.send(
                                new ProducerRecord<>(
                                        config.topics().shipments(), s.getShipmentId(), s))
                        .get();
            }
        }
    }

    /**
     * One accepted AU→JP shipment without a declared value sent twice (one duplicate), one
     * unlicensed Chinese antimony export, one unknown country.
     */
    public static void publishOneOfEachOutcome(LodestoneConfig config) throws Exception {
        // accepted without a declared value: not judged for unit value, and counted so
        Shipment ok =
                shipment("SHP-1", "2025-02-01T08:00:00Z", "8110", "AU", "AU", "JP", 1_500, null)
                        .build();
        Shipment unlicensed =
                shipment("SHP-2", "2025-02-01T09:00:00Z", "28258000", "CN", "CN", "TH", 2_000, 10.0)
                        .build();
        Shipment badCountry =
                shipment("SHP-3", "2025-02-01T10:00:00Z", "8110", "CN", "CN", "XX", 1, 1.0).build();
        publish(config, ok, unlicensed, ok, badCountry);
    }

    public static Shipment.Builder shipment(
            String id,
            String eventTime,
            String hsCode,
            String origin,
            String export,
            String importer,
            double kg,
            Double usd) {
        return Shipment.newBuilder()
                .setShipmentId(id)
                .setEventTime(Instant.parse(eventTime))
                .setReporter(export)
                .setFlow(Flow.EXPORT)
                .setHsCode(hsCode)
                .setOriginCountry(origin)
                .setExportCountry(export)
                .setImportCountry(importer)
                .setTransitCountries(List.of())
                .setExporterId(export + "-EXP-1")
                .setExporterName("Exporter " + export)
                .setConsigneeId(importer + "-IMP-1")
                .setConsigneeName("Consignee " + importer)
                .setEndUse(EndUse.CIVILIAN)
                .setNetWeightKg(kg)
                .setValueUsd(usd);
    }
}
