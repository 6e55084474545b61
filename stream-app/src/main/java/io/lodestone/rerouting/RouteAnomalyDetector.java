package io.lodestone.rerouting;

import io.lodestone.alerts.AlertSink;
import io.lodestone.alerts.AlertType;
import io.lodestone.avro.Alert;
import io.lodestone.avro.RouteVolume;
import io.lodestone.avro.Severity;
import io.lodestone.routes.RouteKey;
import io.lodestone.routes.RouteTotals;
import io.lodestone.routes.RouteVolumeAggregator;
import io.lodestone.watermark.Watermarked;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * VOLUME_SURGE and VOLUME_COLLAPSE: each calendar month of a route, once closed (its end plus
 * {@code delay} before the watermark of all input partitions), against the mean of the three months
 * before it. Every route of the task is judged when the watermark passes, so a route that falls
 * silent is judged too, and the reports go downstream followed by this task's own watermark. Base effects are told
 * apart: a surge right after a month below {@code minBaselineKg} is reported as INFO with
 * {@code baseEffect} 1, a surge over a steady flow as WARNING; a month below {@code minSurgeKg} is never a
 * surge, and only a steady flow can collapse.
 */
public final class RouteAnomalyDetector implements Processor<String, Watermarked<RouteVolume>, String, Watermarked<MonthReport>> {

    /** The last month judged in this task (one key), so a restart does not judge a month twice. */
    static final String JUDGED_STORE = "route-months-judged";
    private static final String LAST_JUDGED = "lastJudged";
    private static final int BASELINE_MONTHS = 3;

    /** The thresholds, from configuration. */
    public record Thresholds(double surgeRatio, double collapseRatio, double minBaselineKg, double minSurgeKg, Duration delay,
                             double hubFallRatio, double hubRiseRatio, double significance, double hubSignificance) {
    }

    private final Thresholds t;
    private ProcessorContext<String, Watermarked<MonthReport>> context;
    private KeyValueStore<String, RouteTotals> routeDays;
    private KeyValueStore<String, String> judged;

    private RouteAnomalyDetector(Thresholds thresholds) {
        this.t = thresholds;
    }

    /**
     * Writes surge and collapse alerts; returns every route's closed-month reports, each month's
     * followed by the watermark that closed it (the hub detector reads them). {@code routeVolumes}
     * comes from {@link RouteVolumeAggregator} in the same task, with its combined watermark; the
     * daily totals are read from the aggregator's store rather than kept twice.
     */
    public static KStream<String, Watermarked<MonthReport>> build(StreamsBuilder builder, KStream<String, Watermarked<RouteVolume>> routeVolumes,
                                                                  Thresholds thresholds, AlertSink alerts) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JUDGED_STORE), Serdes.String(), Serdes.String()));
        KStream<String, Watermarked<MonthReport>> reports = routeVolumes.process(() -> new RouteAnomalyDetector(thresholds),
                Named.as("judge-closed-months"), RouteVolumeAggregator.STORE, JUDGED_STORE);
        alerts.send(reports.flatMapValues(report -> report.values().stream().flatMap(r -> anomalies(r, thresholds).stream()).toList(),
                Named.as("route-anomalies")));
        return reports;
    }

    @Override
    public void init(ProcessorContext<String, Watermarked<MonthReport>> context) {
        this.context = context;
        this.routeDays = context.getStateStore(RouteVolumeAggregator.STORE);
        this.judged = context.getStateStore(JUDGED_STORE);
    }

    /** Only marks matter here: the updates are already in the aggregator's store. */
    @Override
    public void process(Record<String, Watermarked<RouteVolume>> record) {
        if (record.value() instanceof Watermarked.Mark<RouteVolume> mark) {
            judgeClosedMonths(mark.time());
            context.forward(record.withValue(mark.retype()));
        }
    }

    private void judgeClosedMonths(long watermarkTime) {
        YearMonth lastClosed = YearMonth.from(Instant.ofEpochMilli(watermarkTime).minus(t.delay()).atZone(ZoneOffset.UTC)).minusMonths(1);
        String before = judged.get(LAST_JUDGED);
        YearMonth lastJudged = before == null ? null : YearMonth.parse(before);
        if (lastJudged != null && !lastClosed.isAfter(lastJudged)) {
            return;
        }
        // One pass over the route-days (keyed route@day, so each route's days are consecutive, in order).
        String route = null;
        TreeMap<YearMonth, Double> kgByMonth = new TreeMap<>();
        TreeMap<YearMonth, long[]> shipmentsByMonth = new TreeMap<>();
        try (KeyValueIterator<String, RouteTotals> days = routeDays.all()) {
            while (days.hasNext()) {
                KeyValue<String, RouteTotals> day = days.next();
                int at = day.key.lastIndexOf('@');
                String dayRoute = day.key.substring(0, at);
                if (!dayRoute.equals(route)) {
                    if (route != null) {
                        judgeRoute(route, kgByMonth, shipmentsByMonth, lastJudged, lastClosed);
                    }
                    route = dayRoute;
                    kgByMonth.clear();
                    shipmentsByMonth.clear();
                }
                YearMonth month = YearMonth.from(LocalDate.parse(day.key.substring(at + 1)));
                kgByMonth.merge(month, day.value.netWeightKg(), Double::sum);
                shipmentsByMonth.computeIfAbsent(month, m -> new long[1])[0] += day.value.shipmentCount();
            }
        }
        if (route != null) {
            judgeRoute(route, kgByMonth, shipmentsByMonth, lastJudged, lastClosed);
        }
        judged.put(LAST_JUDGED, lastClosed.toString());
    }

    /** Reports the route's months after {@code lastJudged} up to {@code lastClosed}, from its first month with data. */
    private void judgeRoute(String route, TreeMap<YearMonth, Double> kg, TreeMap<YearMonth, long[]> shipments, YearMonth lastJudged,
                            YearMonth lastClosed) {
        YearMonth first = kg.firstKey();
        YearMonth from = lastJudged == null || lastJudged.isBefore(first) ? first : lastJudged.plusMonths(1);
        for (YearMonth month = from; !month.isAfter(lastClosed); month = month.plusMonths(1)) {
            double baselineKg = 0;
            long baselineShipments = 0;
            for (int i = 1; i <= BASELINE_MONTHS; i++) {
                baselineKg += kg.getOrDefault(month.minusMonths(i), 0.0);
                long[] n = shipments.get(month.minusMonths(i));
                baselineShipments += n == null ? 0 : n[0];
            }
            long[] observed = shipments.get(month);
            MonthReport report = new MonthReport(route, month.toString(), kg.getOrDefault(month, 0.0), baselineKg / BASELINE_MONTHS,
                    kg.getOrDefault(month.minusMonths(1), 0.0), (int) first.until(month, ChronoUnit.MONTHS),
                    observed == null ? 0 : observed[0], baselineShipments / (double) BASELINE_MONTHS);
            context.forward(new Record<>(route, Watermarked.data(report),
                    month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()));
        }
    }

    /** The surge or collapse a month report shows, if any; a route needs three months of history to have a baseline. */
    static List<Alert> anomalies(MonthReport r, Thresholds t) {
        if (r.historyMonths() < BASELINE_MONTHS) {
            return List.of();
        }
        double observed = r.observedKg();
        double baseline = r.baselineKg();
        double previous = r.previousMonthKg();
        YearMonth month = r.yearMonth();
        Map<String, Double> evidence = new LinkedHashMap<>();
        evidence.put("observedKg", observed);
        evidence.put("baselineKg", baseline);
        evidence.put("previousMonthKg", previous);
        evidence.put("ratio", baseline > 0 ? observed / baseline : Double.POSITIVE_INFINITY);
        evidence.put("observedShipments", (double) r.observedShipments());
        evidence.put("baselineShipments", r.baselineShipments());
        RouteKey route = RouteKey.parse(r.route());
        if (observed >= t.minSurgeKg() && observed >= t.surgeRatio() * baseline
                && Poisson.rise(r.observedShipments(), r.baselineShipments()) < t.significance()) {
            evidence.put("pValue", Poisson.rise(r.observedShipments(), r.baselineShipments()));
            boolean baseEffect = previous < t.minBaselineKg();
            evidence.put("baseEffect", baseEffect ? 1.0 : 0.0);
            return List.of(alert(route, month, AlertType.VOLUME_SURGE, baseEffect ? Severity.INFO : Severity.WARNING, evidence, String.format(
                    "%s %s→%s→%s: %,.1f t in %s, %s the %,.1f t monthly mean of the three months before%s.", route.commodity(),
                    route.originCountry(), route.exportCountry(), route.importCountry(), observed / 1000, month,
                    baseline > 0 ? String.format("%.1f×", observed / baseline) : "up from nothing", baseline / 1000,
                    baseEffect ? String.format(" (a base effect: %,.1f t the month before)", previous / 1000) : "")));
        }
        if (baseline >= t.minBaselineKg() && observed <= t.collapseRatio() * baseline
                && Poisson.atMost(r.observedShipments(), r.baselineShipments()) < t.significance()) {
            evidence.put("pValue", Poisson.atMost(r.observedShipments(), r.baselineShipments()));
            return List.of(alert(route, month, AlertType.VOLUME_COLLAPSE, Severity.WARNING, evidence, String.format(
                    "%s %s→%s→%s: %,.1f t in %s against a %,.1f t monthly mean of the three months before (%.0f%% down).",
                    route.commodity(), route.originCountry(), route.exportCountry(), route.importCountry(), observed / 1000, month,
                    baseline / 1000, 100 * (1 - observed / baseline))));
        }
        return List.of();
    }

    private static Alert alert(RouteKey route, YearMonth month, AlertType type, Severity severity, Map<String, Double> evidence,
                               String summary) {
        Instant start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Alert.newBuilder()
                .setAlertId(type + ":" + route.asString() + ":" + month)
                .setType(type.name())
                .setSeverity(severity)
                .setCommodity(route.commodity())
                .setOriginCountry(route.originCountry())
                .setExportCountry(route.exportCountry())
                .setImportCountry(route.importCountry())
                .setHubCountries(List.of())
                .setWindowStart(start)
                .setWindowEnd(end)
                .setDetectedAt(end)
                .setSummary(summary)
                .setEvidence(evidence)
                .setDetails(Map.of("month", month.toString()))
                .setShipmentIds(List.of())
                .setLicenseId(null)
                .build();
    }
}
