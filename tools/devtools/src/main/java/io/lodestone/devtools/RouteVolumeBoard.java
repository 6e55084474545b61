package io.lodestone.devtools;

import io.lodestone.avro.RouteVolume;
import io.lodestone.cli.OutputReader;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.routes.RouteKey;
import io.lodestone.schemas.registry.RegistrySerdes;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows {@code route-volumes} (committed records only) and keeps the newest total per route and
 * day, for the demo's live view and its closing tables.
 */
final class RouteVolumeBoard implements AutoCloseable {

    private final KafkaConsumer<String, RouteVolume> consumer;
    private final Map<String, RouteVolume> latest =
            new HashMap<>(); // route key + windowStart -> newest total
    private long updates;

    RouteVolumeBoard(LodestoneConfig config) {
        Deserializer<RouteVolume> values =
                RegistrySerdes.<RouteVolume>valueSerde(config.schemaRegistry()).deserializer();
        consumer =
                new KafkaConsumer<>(
                        OutputReader.settings(config), new StringDeserializer(), values);
        String topic = config.topics().routeVolumes();
        List<TopicPartition> partitions =
                consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * Reads until nothing new arrived for {@code quiet}, printing a progress line about once a
     * second when it read updates; {@code alongside} is polled in the same loop and says whether it
     * saw anything new. Called again, it goes on from where it stopped.
     */
    void follow(
            Duration quiet,
            Duration atMost,
            PrintStream out,
            java.util.function.BooleanSupplier alongside) {
        long deadline = System.nanoTime() + atMost.toNanos();
        long lastArrival = System.nanoTime();
        long lastPrint = 0;
        long printedUpdates = updates; // a later call prints only what it reads itself
        RouteVolume newest = null;
        while (System.nanoTime() < deadline && System.nanoTime() - lastArrival < quiet.toNanos()) {
            for (ConsumerRecord<String, RouteVolume> record :
                    consumer.poll(Duration.ofMillis(200))) {
                RouteVolume v = record.value();
                latest.put(record.key() + "@" + v.getWindowStart(), v);
                updates++;
                newest = v;
                lastArrival = System.nanoTime();
            }
            if (alongside.getAsBoolean()) {
                lastArrival = System.nanoTime();
            }
            if (updates > printedUpdates && System.nanoTime() - lastPrint > 1_000_000_000L) {
                lastPrint = System.nanoTime();
                printedUpdates = updates;
                out.printf(
                        "  %,7d updates · %,6d route-days · latest %s %-20s %s→%s→%s %,10.1f t%n",
                        updates,
                        latest.size(),
                        day(newest.getWindowStart()),
                        newest.getCommodity(),
                        newest.getOriginCountry(),
                        newest.getExportCountry(),
                        newest.getImportCountry(),
                        newest.getNetWeightKg() / 1000);
            }
        }
        out.printf("  %,7d updates · %,6d route-days in total%n", updates, latest.size());
    }

    /** Whole-period totals of the heaviest routes. */
    void printTopRoutes(PrintStream out, int limit) {
        Map<String, double[]> byRoute = new TreeMap<>(); // tonnes, shipments, value
        for (RouteVolume v : latest.values()) {
            double[] t = byRoute.computeIfAbsent(routeOf(v).asString(), k -> new double[3]);
            t[0] += v.getNetWeightKg() / 1000;
            t[1] += v.getShipmentCount();
            t[2] += v.getValueUsd();
        }
        List<Map.Entry<String, double[]>> rows = new ArrayList<>(byRoute.entrySet());
        rows.sort(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -e.getValue()[0]));
        out.printf("%n  Heaviest routes, whole period (origin→export→import)%n");
        out.printf(
                "  %-22s %-12s %12s %10s %14s%n",
                "commodity", "route", "tonnes", "shipments", "value USD");
        for (Map.Entry<String, double[]> row : rows.subList(0, Math.min(limit, rows.size()))) {
            RouteKey route = RouteKey.parse(row.getKey());
            out.printf(
                    "  %-22s %-12s %,12.1f %,10.0f %,14.0f%n",
                    route.commodity(),
                    route.originCountry()
                            + "→"
                            + route.exportCountry()
                            + "→"
                            + route.importCountry(),
                    row.getValue()[0],
                    row.getValue()[1],
                    row.getValue()[2]);
        }
    }

    /**
     * Tonnes per month of one commodity on its busiest routes: the shape of a diversion at a
     * glance.
     */
    void printMonthly(PrintStream out, String commodity, int routes) {
        Map<String, Map<YearMonth, Double>> byRoute = new TreeMap<>();
        Set<YearMonth> months = new TreeSet<>();
        for (RouteVolume v : latest.values()) {
            if (!v.getCommodity().equals(commodity)) {
                continue;
            }
            YearMonth month = YearMonth.from(v.getWindowStart().atZone(ZoneOffset.UTC));
            months.add(month);
            byRoute.computeIfAbsent(
                            v.getExportCountry() + "→" + v.getImportCountry(), k -> new TreeMap<>())
                    .merge(month, v.getNetWeightKg() / 1000, Double::sum);
        }
        List<String> top =
                byRoute.entrySet().stream()
                        .sorted(
                                Comparator.comparingDouble(
                                        e ->
                                                -e.getValue().values().stream()
                                                        .mapToDouble(Double::doubleValue)
                                                        .sum()))
                        .limit(routes)
                        .map(Map.Entry::getKey)
                        .toList();
        if (top.isEmpty()) {
            return;
        }
        out.printf("%n  %s, tonnes per month (export→import)%n  %-8s", commodity, "month");
        top.forEach(route -> out.printf(" %9s", route));
        out.println();
        for (YearMonth month : months) {
            out.printf("  %-8s", month);
            for (String route : top) {
                Double tonnes = byRoute.get(route).get(month);
                out.printf(" %9s", tonnes == null ? "·" : String.format("%,.1f", tonnes));
            }
            out.println();
        }
    }

    private static RouteKey routeOf(RouteVolume v) {
        return new RouteKey(
                v.getCommodity(), v.getOriginCountry(), v.getExportCountry(), v.getImportCountry());
    }

    private static String day(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
