package io.lodestone.cli;

import io.lodestone.avro.Alert;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.schemas.topics.RegistrySerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Follows the alerts topic for the demo: one readable line per alert as it fires, then counts by type and severity. */
final class AlertFeed implements AutoCloseable {

    private static final int SHOWN = 30;

    private final KafkaConsumer<String, Alert> consumer;
    private final Map<String, Integer> counts = new TreeMap<>();
    private int seen;

    AlertFeed(LodestoneConfig config) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), RegistrySerdes.<Alert>valueSerde(config.registryUrl()).deserializer());
        String topic = config.topics().alerts();
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Prints the alerts that arrived since the last call; true if any did. */
    boolean poll(PrintStream out) {
        boolean any = false;
        for (ConsumerRecord<String, Alert> record : consumer.poll(Duration.ZERO)) {
            Alert a = record.value();
            counts.merge(a.getType() + " " + a.getSeverity(), 1, Integer::sum);
            any = true;
            if (++seen <= SHOWN) {
                out.printf("  ! %-8s %-24s %s%n", a.getSeverity(), a.getType(), a.getSummary());
            } else if (seen == SHOWN + 1) {
                out.println("  ! … more alerts: see the summary below, or read the alerts topic");
            }
        }
        return any;
    }

    void printSummary(PrintStream out) {
        out.printf("%n  Alerts by type and severity: %d in all%n", seen);
        counts.forEach((typeAndSeverity, n) -> out.printf("  %-40s %5d%n", typeAndSeverity, n));
    }

    @Override
    public void close() {
        consumer.close();
    }
}
