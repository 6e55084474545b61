package io.lodestone.localinfra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Whether a Kafka Streams application has processed its input: what the demo waits for before its
 * summary, and tests of a running app (a process or a container) before they read its outputs.
 */
public final class GroupProgress {

    private GroupProgress() {}

    /**
     * Waits until consumer group {@code group} (a Kafka Streams application id) has processed every
     * record of {@code topic} and of its own repartition topics: each committed offset is the
     * partition's end, or only transaction markers lie between. Then every output of those records
     * is committed too, whichever sub-topology wrote it, including one still restoring its state
     * after a restart. True when caught up, else false after giving {@code report} what it saw
     * last. {@code clientSettings}: bootstrap servers and security.
     */
    public static boolean awaitProcessed(
            Map<String, Object> clientSettings,
            String group,
            String topic,
            Duration timeout,
            Consumer<String> report)
            throws InterruptedException, ExecutionException {
        Map<String, Object> readerSettings = new HashMap<>(clientSettings);
        readerSettings.putAll(
                Map.of(
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"));
        try (Admin admin = Admin.create(clientSettings);
                KafkaConsumer<byte[], byte[]> reader =
                        new KafkaConsumer<>(
                                readerSettings,
                                new ByteArrayDeserializer(),
                                new ByteArrayDeserializer())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                List<String> topics = new ArrayList<>(List.of(topic));
                admin.listTopics().names().get().stream()
                        .filter(t -> t.startsWith(group + "-") && t.endsWith("-repartition"))
                        .forEach(topics::add);
                Map<TopicPartition, Long> ends = endOffsets(admin, topics);
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, Long> behind = new HashMap<>();
                ends.forEach(
                        (p, end) -> {
                            long at = committed.get(p) == null ? 0 : committed.get(p).offset();
                            if (at < end) {
                                behind.put(p, at);
                            }
                        });
                if (behind.isEmpty() || nothingToReadBetween(reader, behind, ends)) {
                    return true;
                }
                if (System.nanoTime() + 300_000_000L >= deadline) {
                    report.accept(
                            "not caught up: end offsets " + ends + ", committed " + committed);
                }
                Thread.sleep(250);
            }
            return false;
        }
    }

    /** The end offset of every partition of {@code topics}. */
    public static Map<TopicPartition, Long> endOffsets(Admin admin, Collection<String> topics)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics)
                .allTopicNames()
                .get()
                .forEach(
                        (name, description) ->
                                description
                                        .partitions()
                                        .forEach(
                                                p ->
                                                        latest.put(
                                                                new TopicPartition(
                                                                        name, p.partition()),
                                                                OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((p, info) -> ends.put(p, info.offset()));
        return ends;
    }

    /**
     * Whether only transaction markers (or records already deleted) lie between each committed
     * offset and the end.
     */
    private static boolean nothingToReadBetween(
            KafkaConsumer<byte[], byte[]> reader,
            Map<TopicPartition, Long> committed,
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
        return false; // stopped short of the end: an open transaction
    }
}
