package io.lodestone.benchmarks.pipeline;

import io.lodestone.avro.License;
import io.lodestone.avro.Shipment;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.schemas.registry.ApicurioSchemaRegistry;
import io.lodestone.schemas.registry.RegistrySerdes;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Phase 0: writes the shipments (and the licences they cite) exactly as production ingest does. */
final class Preload {

    /** What was written: {@code totalKg} is what every pipeline's route totals must add up to. */
    record Result(long records, double totalKg, double seconds) {}

    private Preload() {}

    /**
     * The settings of production ingest ({@code FileIngest.createProducer}): idempotent, acks=all,
     * lz4, Confluent-framed Avro through the registry, key = id, no record timestamp (the topics
     * use LogAppendTime). {@code lingerMs} is the one thing the benchmark varies.
     */
    static <V extends SpecificRecord> KafkaProducer<String, V> producer(
            LodestoneConfig cluster, int lingerMs) {
        Map<String, Object> config = cluster.kafkaClient(ProducerConfig.configNames());
        config.putAll(
                Map.of(
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        lingerMs,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        262_144,
                        ProducerConfig.BUFFER_MEMORY_CONFIG,
                        128L * 1024 * 1024,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4"));
        return new KafkaProducer<>(
                config,
                new StringSerializer(),
                RegistrySerdes.<V>valueSerde(ApicurioSchemaRegistry.of(cluster.registry()))
                        .serializer());
    }

    static Result run(
            ShipmentGenerator generator,
            long records,
            LodestoneConfig cluster,
            String shipmentsTopic,
            String licencesTopic,
            Consumer<String> progress) {
        long started = System.nanoTime();
        AtomicReference<Exception> failure = new AtomicReference<>();
        double totalKg = 0;
        try (KafkaProducer<String, License> licences = producer(cluster, 0)) {
            for (License l : generator.licences()) {
                licences.send(
                        new ProducerRecord<>(licencesTopic, l.getLicenseId(), l),
                        (m, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
            }
        }
        try (KafkaProducer<String, Shipment> producer = producer(cluster, 20)) {
            long lastReport = started;
            for (long i = 0; i < records && failure.get() == null; i++) {
                Shipment s = generator.shipment(i, records);
                totalKg += s.getNetWeightKg();
                producer.send(
                        new ProducerRecord<>(shipmentsTopic, s.getShipmentId(), s),
                        (m, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                long now = System.nanoTime();
                if (now - lastReport > 5_000_000_000L) {
                    lastReport = now;
                    progress.accept(
                            String.format(
                                    "    produced %,d of %,d (%,.0f/s)",
                                    i + 1, records, (i + 1) / ((now - started) / 1e9)));
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "the broker refused shipments: " + failure.get().getMessage(), failure.get());
        }
        return new Result(records, totalKg, (System.nanoTime() - started) / 1e9);
    }
}
