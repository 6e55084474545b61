package io.lodestone.benchmarks.pipeline;

import io.lodestone.avro.Shipment;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.reference.CommodityCatalogue;
import io.lodestone.routes.RouteKey;
import io.lodestone.schemas.registry.ApicurioSchemaRegistry;
import io.lodestone.schemas.registry.RegistrySerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Phase 2, the hand-written baseline: one plain KafkaConsumer on all partitions, byte[]
 * deserialisers, then the registry Avro deserialiser Lodestone itself uses (full decode to the
 * generated Shipment class, schema looked up once and cached), and net weight summed per route key
 * in a HashMap. No group, no commits, no state, no fault tolerance: what a careful person writes in
 * an afternoon.
 */
final class BaselineConsumer {

    record Result(
            long records, double seconds, double recordsPerSecond, int routes, double totalKg) {}

    private BaselineConsumer() {}

    static Result run(
            LodestoneConfig cluster,
            String topic,
            CommodityCatalogue catalogue,
            long expected,
            Consumer<String> progress) {
        Map<String, Object> config = cluster.kafkaClient(ConsumerConfig.configNames());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Deserializer<Shipment> avro =
                RegistrySerdes.<Shipment>valueSerde(ApicurioSchemaRegistry.of(cluster.registry()))
                        .deserializer();
        Map<String, double[]> kgByRoute = new HashMap<>();
        long started = System.nanoTime();
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long lastReport = started;
            while (count < expected) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    Shipment s = avro.deserialize(topic, record.value());
                    String route =
                            RouteKey.of(catalogue.commodityOf(s.getHsCode()).orElseThrow(), s)
                                    .asString();
                    kgByRoute.computeIfAbsent(route, r -> new double[1])[0] += s.getNetWeightKg();
                    count++;
                }
                long now = System.nanoTime();
                if (now - lastReport > 5_000_000_000L) {
                    lastReport = now;
                    progress.accept(
                            String.format(
                                    "    read %,d of %,d (%,.0f/s)",
                                    count, expected, count / ((now - started) / 1e9)));
                }
                if (now - started > 600_000_000_000L) {
                    throw new IllegalStateException(
                            "the baseline consumer read only "
                                    + count
                                    + " of "
                                    + expected
                                    + " records in 10 minutes");
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double totalKg = kgByRoute.values().stream().mapToDouble(v -> v[0]).sum();
        return new Result(count, seconds, count / seconds, kgByRoute.size(), totalKg);
    }
}
