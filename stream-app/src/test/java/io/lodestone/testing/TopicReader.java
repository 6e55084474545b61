package io.lodestone.testing;

import io.lodestone.avro.RouteVolume;
import io.lodestone.schemas.topics.RegistrySerdes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Reads Lodestone's output topics (committed records only) the way a downstream consumer does. */
public final class TopicReader {

    private TopicReader() {
    }

    /** Every committed record currently on the topic. */
    public static <K, V> List<ConsumerRecord<K, V>> readAll(String bootstrap, String topic, Deserializer<K> keys, Deserializer<V> values) {
        return readAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), topic, keys, values);
    }

    /** {@link #readAll(String, String, Deserializer, Deserializer)} with {@code clientSettings} (bootstrap servers, security). */
    public static <K, V> List<ConsumerRecord<K, V>> readAll(Map<String, Object> clientSettings, String topic, Deserializer<K> keys,
                                                            Deserializer<V> values) {
        Map<String, Object> props = new HashMap<>(clientSettings);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keys, values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    public static List<ConsumerRecord<byte[], byte[]>> readRaw(String bootstrap, String topic) {
        return readAll(bootstrap, topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The newest route totals per route-day: key {@code routeKey@yyyy-MM-dd}. */
    public static Map<String, ShipmentFile.Totals> latestRouteTotals(String bootstrap, String registryUrl, String topic) {
        Deserializer<RouteVolume> values = RegistrySerdes.<RouteVolume>valueSerde(registryUrl).deserializer();
        Map<String, ShipmentFile.Totals> latest = new TreeMap<>();
        for (ConsumerRecord<String, RouteVolume> r : readAll(bootstrap, topic, new StringDeserializer(), values)) {
            RouteVolume v = r.value();
            latest.put(r.key() + "@" + v.getWindowStart().toString().substring(0, 10),
                    new ShipmentFile.Totals(Math.round(v.getNetWeightKg()), Math.round(v.getValueUsd()), v.getShipmentCount()));
        }
        return latest;
    }

    /** Polls until {@code condition} holds for the newest route totals, or the timeout; returns the last totals seen. */
    public static Map<String, ShipmentFile.Totals> awaitRouteTotals(String bootstrap, String registryUrl, String topic,
                                                                    Predicate<Map<String, ShipmentFile.Totals>> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, ShipmentFile.Totals> totals = latestRouteTotals(bootstrap, registryUrl, topic);
        while (!condition.test(totals) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            totals = latestRouteTotals(bootstrap, registryUrl, topic);
        }
        return totals;
    }

    /**
     * Waits until consumer group {@code group} (a Kafka Streams application id) has processed every record of
     * {@code topic} and of its own repartition topics: each committed offset is the partition's end, or only
     * transaction markers lie between. Then every output of those records is committed too, whichever
     * sub-topology wrote it, including one still restoring its state after a restart. True when caught up,
     * else false after printing what it saw last.
     */
    public static boolean awaitCaughtUp(String bootstrap, String group, String topic, Duration timeout) throws Exception {
        return awaitCaughtUp(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), group, topic, timeout);
    }

    /** {@link #awaitCaughtUp(String, String, String, Duration)} with {@code clientSettings} (bootstrap servers, security). */
    public static boolean awaitCaughtUp(Map<String, Object> clientSettings, String group, String topic, Duration timeout) throws Exception {
        Map<String, Object> readerSettings = new HashMap<>(clientSettings);
        readerSettings.putAll(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        try (Admin admin = Admin.create(clientSettings);
             KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(readerSettings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                List<String> topics = new ArrayList<>(List.of(topic));
                admin.listTopics().names().get().stream().filter(t -> t.startsWith(group + "-") && t.endsWith("-repartition")).forEach(topics::add);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get().forEach((name, description) -> description.partitions()
                        .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
                Map<TopicPartition, Long> ends = new HashMap<>();
                admin.listOffsets(latest).all().get().forEach((p, info) -> ends.put(p, info.offset()));
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, Long> behind = new HashMap<>();
                ends.forEach((p, end) -> {
                    long at = committed.get(p) == null ? 0 : committed.get(p).offset();
                    if (at < end) {
                        behind.put(p, at);
                    }
                });
                if (behind.isEmpty() || nothingToReadBetween(reader, behind, ends)) {
                    return true;
                }
                if (System.nanoTime() + 300_000_000L >= deadline) {
                    System.err.println("not caught up: end offsets " + ends + ", committed " + committed);
                }
                Thread.sleep(250);
            }
            return false;
        }
    }

    /** Whether only transaction markers (or records already deleted) lie between each committed offset and the end. */
    private static boolean nothingToReadBetween(KafkaConsumer<byte[], byte[]> reader, Map<TopicPartition, Long> committed,
                                                Map<TopicPartition, Long> ends) {
        reader.assign(committed.keySet());
        committed.forEach(reader::seek);
        long deadline = System.nanoTime() + 500_000_000L;
        while (System.nanoTime() < deadline) {
            if (!reader.poll(Duration.ofMillis(100)).isEmpty()) {
                return false;
            }
            if (committed.keySet().stream().allMatch(p -> reader.position(p) >= ends.get(p))) {
                return true;
            }
        }
        return false;   // stopped short of the end: an open transaction
    }
}
