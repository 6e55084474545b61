package io.lodestone.cli;

import io.lodestone.schemas.topics.DlqHeaders;
import io.lodestone.config.LodestoneConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the whole DLQ topic and prints each rejected record's key, reason and detail. */
final class DeadLetterSummary {

    private DeadLetterSummary() {
    }

    static void print(LodestoneConfig config, PrintStream out) {
        String topic = config.topics().dlq();
        List<String> lines = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(OutputReader.settings(config), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String key = r.key() == null ? "(no key)" : new String(r.key(), StandardCharsets.UTF_8);
                    lines.add(String.format("  %-22s %-26s %s", key, header(r, DlqHeaders.REASON),
                            header(r, DlqHeaders.DETAIL)));
                }
            }
        }
        out.printf("%n  Dead-letter queue %s: %d record(s)%n", topic, lines.size());
        lines.forEach(out::println);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "-" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
