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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Follows the alerts topic for the demo: one readable line per alert as it fires (event date, severity,
 * type, route, summary), at most {@value #PER_KIND} of one type on one route so a busy trader does not
 * fill the screen, then a table of alerts by type and severity.
 */
final class AlertFeed implements AutoCloseable {

    private static final int PER_KIND = 3;
    private static final int SUMMARY_WIDTH = 110;

    private final KafkaConsumer<String, Alert> consumer;
    private final Map<String, Integer> counts = new TreeMap<>();
    private final Map<String, Integer> perKind = new HashMap<>();
    private int seen;
    private int hidden;

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
            seen++;
            String route = a.getCommodity() + " " + a.getOriginCountry() + "→" + a.getExportCountry() + "→" + a.getImportCountry();
            int shown = perKind.merge(a.getType() + " " + route, 1, Integer::sum);
            if (shown <= PER_KIND) {
                String summary = a.getSummary();
                out.printf("  ! %s %-8s %-22s %-28s %s%s%n", a.getWindowStart().toString().substring(0, 10), a.getSeverity(), a.getType(), route,
                        summary.length() > SUMMARY_WIDTH ? summary.substring(0, SUMMARY_WIDTH - 1) + "…" : summary,
                        shown == PER_KIND ? "  (more of these are counted below, not shown)" : "");
            } else {
                hidden++;
            }
        }
        return any;
    }

    void printSummary(PrintStream out) {
        out.printf("%n  Alerts by type and severity: %,d in all (%,d not shown above)%n", seen, hidden);
        out.printf("  %-26s %-9s %7s%n", "type", "severity", "alerts");
        counts.forEach((typeAndSeverity, n) -> {
            String[] parts = typeAndSeverity.split(" ");
            out.printf("  %-26s %-9s %,7d%n", parts[0], parts[1], n);
        });
    }

    @Override
    public void close() {
        consumer.close();
    }
}
