package io.lodestone.devtools;

import io.lodestone.alerts.AlertSink;
import io.lodestone.alerts.AlertType;
import io.lodestone.alerts.Detail;
import io.lodestone.alerts.Evidence;
import io.lodestone.avro.Alert;
import io.lodestone.cli.OutputReader;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.schemas.registry.RegistrySerdes;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the alerts topic for the demo: one readable line per alert as it fires (event date,
 * severity, type, route, summary), at most {@value #PER_KIND} of one type on one route so a busy
 * trader does not fill the screen, the same for the revisions of an alert, then a table of the
 * alerts that stand by type and severity (each alert once, as its latest revision says; withdrawn
 * ones apart) and each rerouting episode's latest evidence.
 */
final class AlertFeed implements AutoCloseable {

    private static final int PER_KIND = 3;
    private static final int SUMMARY_WIDTH = 110;

    private final KafkaConsumer<String, Alert> consumer;
    private final Map<String, Integer> perKind = new HashMap<>();
    private final Map<String, Alert> latest = new TreeMap<>();
    private int hidden;
    private int updates;

    AlertFeed(LodestoneConfig config) {
        consumer =
                new KafkaConsumer<>(
                        OutputReader.settings(config),
                        new StringDeserializer(),
                        RegistrySerdes.<Alert>valueSerde(config.schemaRegistry()).deserializer());
        String topic = config.topics().alerts();
        List<TopicPartition> partitions =
                consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Prints the alerts that arrived since the last call; true if any did. */
    boolean poll(PrintStream out) {
        boolean any = false;
        for (ConsumerRecord<String, Alert> record : consumer.poll(Duration.ZERO)) {
            Alert a = record.value();
            any = true;
            String route =
                    a.getCommodity()
                            + " "
                            + a.getOriginCountry()
                            + "→"
                            + a.getExportCountry()
                            + "→"
                            + a.getImportCountry();
            latest.put(a.getAlertId(), a);
            if (!AlertSink.isNew(a)) {
                updates++;
                String when =
                        withdrawn(a)
                                ? "withdrawn"
                                : Detail.JUDGED_MONTH.in(a) == null
                                        ? "revised"
                                        : Detail.JUDGED_MONTH.in(a) + " ↻";
                print(out, a, "update " + a.getAlertId(), when, route);
                continue;
            }
            print(
                    out,
                    a,
                    a.getType() + " " + route,
                    a.getWindowStart().toString().substring(0, 10),
                    route);
        }
        return any;
    }

    /** One line for {@code a} unless {@value #PER_KIND} of its {@code kind} were shown already. */
    private void print(PrintStream out, Alert a, String kind, String when, String route) {
        int shown = perKind.merge(kind, 1, Integer::sum);
        if (shown > PER_KIND) {
            hidden++;
            return;
        }
        String summary = a.getSummary();
        out.printf(
                "  ! %-10s %-8s %-22s %-28s %s%s%n",
                when,
                a.getSeverity(),
                a.getType(),
                route,
                summary.length() > SUMMARY_WIDTH
                        ? summary.substring(0, SUMMARY_WIDTH - 1) + "…"
                        : summary,
                shown == PER_KIND ? "  (more of these are counted below, not shown)" : "");
    }

    void printSummary(PrintStream out) {
        Map<String, Integer> counts = new TreeMap<>();
        latest.values().stream()
                .filter(a -> !withdrawn(a))
                .forEach(a -> counts.merge(a.getType() + " " + a.getSeverity(), 1, Integer::sum));
        long withdrawn = latest.values().stream().filter(AlertFeed::withdrawn).count();
        out.printf(
                "%n  Alerts by type and severity: %,d standing, %,d withdrawn, %,d updates (%,d"
                        + " lines not shown above)%n",
                latest.size() - withdrawn, withdrawn, updates, hidden);
        out.printf("  %-26s %-9s %7s%n", "type", "severity", "alerts");
        counts.forEach(
                (typeAndSeverity, n) -> {
                    String[] parts = typeAndSeverity.split(" ");
                    out.printf("  %-26s %-9s %,7d%n", parts[0], parts[1], n);
                });
        List<Alert> episodes =
                latest.values().stream()
                        .filter(
                                a ->
                                        a.getType().equals(AlertType.REROUTING_SUSPECTED.name())
                                                && !withdrawn(a))
                        .toList();
        if (!episodes.isEmpty()) {
            out.printf("%n  Rerouting episodes, latest evidence%n");
        }
        episodes.forEach(
                e ->
                        out.printf(
                                "  %s %s→%s from %s (%s), first called %s, revision %s to"
                                        + " %s: via %s, %,.1f t diverted%n",
                                e.getCommodity(),
                                e.getOriginCountry(),
                                e.getImportCountry(),
                                Detail.MONTH.in(e),
                                Detail.METHOD.in(e),
                                Detail.FIRST_CALLED.in(e),
                                Detail.REVISION.in(e),
                                Detail.JUDGED_MONTH.in(e),
                                String.join(", ", e.getHubCountries()),
                                Evidence.DIVERTED_KG.in(e, 0) / 1000));
    }

    private static boolean withdrawn(Alert a) {
        return Detail.WITHDRAWN.equals(Detail.STATUS.in(a));
    }

    @Override
    public void close() {
        consumer.close();
    }
}
