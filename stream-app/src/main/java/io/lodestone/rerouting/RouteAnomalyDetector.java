package io.lodestone.rerouting;

import io.lodestone.alerts.AlertSink;
import io.lodestone.alerts.AlertType;
import io.lodestone.avro.Alert;
import io.lodestone.avro.RouteVolume;
import io.lodestone.avro.Severity;
import io.lodestone.routes.RouteKey;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    static final String STORE = "route-history";
    private static final int BASELINE_MONTHS = 3;

    /** The thresholds, from configuration. */
    public record Thresholds(double surgeRatio, double collapseRatio, double minBaselineKg, double minSurgeKg, Duration delay,
                             double hubFallRatio, double hubRiseRatio, double significance, double hubSignificance) {
    }

    private final Thresholds t;
    private ProcessorContext<String, Watermarked<MonthReport>> context;
    private KeyValueStore<String, RouteHistory> histories;
    private YearMonth lastClosedSeen;

    private RouteAnomalyDetector(Thresholds thresholds) {
        this.t = thresholds;
    }

    /**
     * Writes surge and collapse alerts; returns every route's closed-month reports, each month's
     * followed by the watermark that closed it (the hub detector reads them). {@code routeVolumes}
     * carries its task's combined watermark ({@link io.lodestone.routes.RouteVolumeAggregator}).
     */
    public static KStream<String, Watermarked<MonthReport>> build(StreamsBuilder builder, KStream<String, Watermarked<RouteVolume>> routeVolumes,
                                                                  Thresholds thresholds, AlertSink alerts) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), RouteHistory.serde()));
        KStream<String, Watermarked<MonthReport>> reports = routeVolumes.process(() -> new RouteAnomalyDetector(thresholds),
                Named.as("judge-closed-months"), STORE);
        alerts.send(reports.flatMapValues(report -> report.values().stream().flatMap(r -> anomalies(r, thresholds).stream()).toList(),
                Named.as("route-anomalies")));
        return reports;
    }

    @Override
    public void init(ProcessorContext<String, Watermarked<MonthReport>> context) {
        this.context = context;
        this.histories = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, Watermarked<RouteVolume>> record) {
        if (record.value() instanceof Watermarked.Mark<RouteVolume> mark) {
            judgeClosedMonths(mark.time());
            context.forward(record.withValue(mark.retype()));
            return;
        }
        RouteVolume volume = ((Watermarked.Data<RouteVolume>) record.value()).value();
        RouteHistory history = histories.get(record.key());
        history = history == null ? RouteHistory.empty() : history;
        LocalDate day = volume.getWindowStart().atZone(ZoneOffset.UTC).toLocalDate();
        // each update is the day's running total
        history.days().put(day, new RouteHistory.Day(volume.getNetWeightKg(), volume.getShipmentCount()));
        histories.put(record.key(), history);
    }

    private void judgeClosedMonths(long watermarkTime) {
        YearMonth lastClosed = YearMonth.from(Instant.ofEpochMilli(watermarkTime).minus(t.delay()).atZone(ZoneOffset.UTC)).minusMonths(1);
        if (lastClosed.equals(lastClosedSeen)) {
            return; // every route was judged up to this month already
        }
        lastClosedSeen = lastClosed;
        List<KeyValue<String, RouteHistory>> changed = new ArrayList<>();
        try (KeyValueIterator<String, RouteHistory> all = histories.all()) {
            while (all.hasNext()) {
                KeyValue<String, RouteHistory> entry = all.next();
                RouteHistory h = entry.value;
                if (h.days().isEmpty()) {
                    continue;
                }
                YearMonth first = YearMonth.from(h.days().firstKey());
                YearMonth next = h.lastJudged() == null ? first : h.lastJudged().plusMonths(1);
                for (YearMonth month = next; !month.isAfter(lastClosed); month = month.plusMonths(1)) {
                    report(entry.key, h, month, (int) first.until(month, java.time.temporal.ChronoUnit.MONTHS));
                }
                if (!next.isAfter(lastClosed)) {
                    // keep the baseline months of the next judgement only
                    h.days().headMap(lastClosed.minusMonths(BASELINE_MONTHS - 1).atDay(1)).clear();
                    changed.add(KeyValue.pair(entry.key, new RouteHistory(h.days(), lastClosed)));
                }
            }
        }
        changed.forEach(kv -> histories.put(kv.key, kv.value));
    }

    private void report(String routeKey, RouteHistory h, YearMonth month, int historyMonths) {
        double baseline = 0;
        long baselineShipments = 0;
        for (int i = 1; i <= BASELINE_MONTHS; i++) {
            baseline += h.monthKg(month.minusMonths(i));
            baselineShipments += h.monthShipments(month.minusMonths(i));
        }
        MonthReport report = new MonthReport(routeKey, month.toString(), h.monthKg(month), baseline / BASELINE_MONTHS,
                h.monthKg(month.minusMonths(1)), historyMonths, h.monthShipments(month), baselineShipments / (double) BASELINE_MONTHS);
        context.forward(new Record<>(routeKey, Watermarked.data(report), month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()));
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
                && Poisson.atLeast(r.observedShipments(), r.baselineShipments()) < t.significance()) {
            evidence.put("pValue", Poisson.atLeast(r.observedShipments(), r.baselineShipments()));
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
