package io.lodestone.routechange;

import io.lodestone.alerts.AlertId;
import io.lodestone.alerts.AlertSink;
import io.lodestone.alerts.AlertType;
import io.lodestone.alerts.Detail;
import io.lodestone.alerts.Evidence;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Severity;
import io.lodestone.reference.Materiality;
import io.lodestone.routes.RouteDayKey;
import io.lodestone.routes.RouteKey;
import io.lodestone.routes.RouteTotals;
import io.lodestone.routes.RouteVolumeAggregator;
import io.lodestone.state.JsonSerde;
import io.lodestone.statistics.MonthlySeries;
import io.lodestone.statistics.PooledChange;
import io.lodestone.watermark.Upstream;
import io.lodestone.watermark.Watermarked;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * VOLUME_SURGE and VOLUME_COLLAPSE: once a calendar month is closed (its end plus {@code delay}
 * before the watermark of all input partitions), every route of the task gets the month's
 * declarations and net weight added to its monthly history and is judged by {@link
 * RouteChangeJudge} (evidence pooled over months). Every route is judged, so a route that falls
 * silent is judged too; the month reports (history and finding) go downstream, followed by this
 * task's own watermark, for the alerts and the hub rerouting judge.
 */
public final class RouteChangeDetector
        implements Processor<String, Watermarked<RouteTotals>, String, Watermarked<MonthReport>> {

    /** The last month judged in this task (one key), so a restart does not judge a month twice. */
    static final String JUDGED_STORE = "route-months-judged";

    /** Each route's {@link RouteHistory}. */
    static final String HISTORY_STORE = "route-months";

    private static final String LAST_JUDGED = "lastJudged";

    private final RouteChangeSettings t;
    private final Materiality materiality;
    private ProcessorContext<String, Watermarked<MonthReport>> context;
    private TimestampedKeyValueStore<String, RouteTotals> routeDays;
    private KeyValueStore<String, String> judged;
    private KeyValueStore<String, RouteHistory> histories;

    RouteChangeDetector(RouteChangeSettings thresholds, Materiality materiality) {
        this.t = thresholds;
        this.materiality = materiality;
    }

    /**
     * Writes surge and collapse alerts; returns every route's closed-month reports, each month's
     * followed by the watermark that closed it (the hub detector reads them). {@code routeDayMarks}
     * are the combined watermarks of {@link RouteVolumeAggregator} in the same task; the daily
     * totals are read from the aggregator's store rather than kept twice.
     */
    public static Upstream<Watermarked<MonthReport>> build(
            StreamsBuilder builder,
            Upstream<Watermarked<RouteTotals>> routeDayMarks,
            RouteChangeSettings settings,
            Materiality materiality,
            AlertSink alerts) {
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(JUDGED_STORE),
                        Serdes.String(),
                        Serdes.String()));
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(HISTORY_STORE),
                        Serdes.String(),
                        JsonSerde.of(RouteHistory.class)));
        KStream<String, Watermarked<MonthReport>> reports =
                routeDayMarks.stream()
                        .process(
                                () -> new RouteChangeDetector(settings, materiality),
                                Named.as("judge-closed-months"),
                                RouteVolumeAggregator.STORE,
                                JUDGED_STORE,
                                HISTORY_STORE);
        alerts.send(
                reports.flatMapValues(
                        report ->
                                report.values().stream()
                                        .filter(r -> r.change() != null)
                                        .map(
                                                r ->
                                                        alert(
                                                                RouteKey.parse(r.route()),
                                                                r.change(),
                                                                materiality))
                                        .toList(),
                        Named.as("route-change-alerts")));
        // In the aggregator's task: as many route judges as aggregators.
        return new Upstream<>(reports, routeDayMarks.tasks());
    }

    @Override
    public void init(ProcessorContext<String, Watermarked<MonthReport>> context) {
        this.context = context;
        this.routeDays = context.getStateStore(RouteVolumeAggregator.STORE);
        this.judged = context.getStateStore(JUDGED_STORE);
        this.histories = context.getStateStore(HISTORY_STORE);
    }

    /** Only marks come here: the shipments are already counted in the aggregator's store. */
    @Override
    public void process(Record<String, Watermarked<RouteTotals>> record) {
        if (record.value() instanceof Watermarked.Mark<RouteTotals> mark) {
            judgeClosedMonths(mark.time());
            context.forward(record.withValue(mark.retype()));
        }
    }

    private void judgeClosedMonths(long watermarkTime) {
        YearMonth lastClosed =
                YearMonth.from(
                                Instant.ofEpochMilli(watermarkTime)
                                        .minus(t.delay())
                                        .atZone(ZoneOffset.UTC))
                        .minusMonths(1);
        String before = judged.get(LAST_JUDGED);
        YearMonth lastJudged = before == null ? null : YearMonth.parse(before);
        if (lastJudged != null && !lastClosed.isAfter(lastJudged)) {
            return;
        }
        // The newly closed months' totals per route, from one pass over the route-days.
        Map<String, MonthlySeries> closed = new TreeMap<>();
        try (KeyValueIterator<String, ValueAndTimestamp<RouteTotals>> days = routeDays.all()) {
            while (days.hasNext()) {
                KeyValue<String, ValueAndTimestamp<RouteTotals>> day = days.next();
                RouteDayKey key = RouteDayKey.parse(day.key);
                YearMonth month = YearMonth.from(key.day());
                if ((lastJudged == null || month.isAfter(lastJudged))
                        && !month.isAfter(lastClosed)) {
                    closed.merge(
                            key.route(),
                            new MonthlySeries(
                                    month.toString(),
                                    new long[] {day.value.value().shipmentCount()},
                                    new double[] {day.value.value().netWeightKg()}),
                            MonthlySeries::plus);
                }
            }
        }
        Set<String> routes = new TreeSet<>(closed.keySet());
        try (KeyValueIterator<String, RouteHistory> known = histories.all()) {
            known.forEachRemaining(kv -> routes.add(kv.key));
        }
        for (String route : routes) {
            judgeRoute(route, closed.get(route), lastJudged, lastClosed);
        }
        judged.put(LAST_JUDGED, lastClosed.toString());
    }

    /**
     * Adds the route's months after {@code lastJudged} up to {@code lastClosed} to its history,
     * judging and reporting each.
     */
    private void judgeRoute(
            String route, MonthlySeries newMonths, YearMonth lastJudged, YearMonth lastClosed) {
        RouteHistory history = histories.get(route);
        if (history == null) {
            history = new RouteHistory(MonthlySeries.empty(newMonths.first()), null, null);
        }
        YearMonth from =
                lastJudged == null || lastJudged.isBefore(history.months().first())
                        ? history.months().first()
                        : lastJudged.plusMonths(1);
        double materialKg = materiality.kgPerMonth(RouteKey.parse(route).commodity());
        for (YearMonth month = from; !month.isAfter(lastClosed); month = month.plusMonths(1)) {
            long count = newMonths == null ? 0 : newMonths.count(month);
            double kg = newMonths == null ? 0 : newMonths.kg(month);
            history =
                    history.withMonths(
                            history.months()
                                    .with(month, count, kg)
                                    .window(
                                            month.minusMonths(MonthlySeries.KEPT_MONTHS - 1L),
                                            month));
            RouteChange change = RouteChangeJudge.judge(history, month, t, materialKg).orElse(null);
            if (change != null) {
                history =
                        history.changedAt(change.start(), change.type() == AlertType.VOLUME_SURGE);
            }
            context.forward(
                    new Record<>(
                            route,
                            Watermarked.data(
                                    new MonthReport(
                                            route, month.toString(), history.months(), change)),
                            month.plusMonths(1)
                                    .atDay(1)
                                    .atStartOfDay(ZoneOffset.UTC)
                                    .toInstant()
                                    .toEpochMilli()));
        }
        histories.put(route, history);
    }

    /** The alert of a surge or collapse: identified by its route and the month it started. */
    static Alert alert(RouteKey route, RouteChange change, Materiality materiality) {
        PooledChange c = change.evidence();
        double observed = c.pooledMeanKg();
        double baseline = c.baselineMeanKg();
        Map<String, Double> evidence = new LinkedHashMap<>();
        Evidence.OBSERVED_KG.put(evidence, observed);
        Evidence.BASELINE_KG.put(evidence, baseline);
        Evidence.PREVIOUS_MONTH_KG.put(evidence, change.previousMonthKg());
        Evidence.RATIO.put(evidence, baseline > 0 ? observed / baseline : Double.POSITIVE_INFINITY);
        Evidence.OBSERVED_SHIPMENTS.put(evidence, c.pooledMeanCount());
        Evidence.BASELINE_SHIPMENTS.put(evidence, c.baselineMeanCount());
        Evidence.POOLED_MONTHS.put(evidence, (double) c.pooledMonths());
        Evidence.BASELINE_MONTHS.put(evidence, (double) c.baselineMonths());
        Evidence.P_VALUE.put(evidence, c.countP());
        Evidence.WEIGHT_P_VALUE.put(evidence, c.weightP());
        Evidence.MATERIAL_KG.put(evidence, materiality.kgPerMonth(route.commodity()));
        String period =
                change.start().equals(change.end())
                        ? change.changeMonth()
                        : change.changeMonth() + ".." + change.judgedMonth();
        String where =
                String.format(
                        "%s %s→%s→%s",
                        route.commodity(),
                        route.originCountry(),
                        route.exportCountry(),
                        route.importCountry());
        String summary;
        Severity severity = Severity.WARNING;
        if (change.type() == AlertType.VOLUME_SURGE) {
            Evidence.BASE_EFFECT.put(evidence, change.baseEffect() ? 1.0 : 0.0);
            severity = change.baseEffect() ? Severity.INFO : Severity.WARNING;
            summary =
                    String.format(
                            "%s: %,.1f t a month in %s, %s the %,.1f t monthly mean of the %d"
                                    + " months before%s.",
                            where,
                            observed / 1000,
                            period,
                            baseline > 0
                                    ? String.format("%.1f×", observed / baseline)
                                    : "up from nothing",
                            baseline / 1000,
                            c.baselineMonths(),
                            change.baseEffect()
                                    ? String.format(
                                            " (a base effect: %,.1f t the month before)",
                                            change.previousMonthKg() / 1000)
                                    : "");
        } else {
            summary =
                    String.format(
                            "%s: %,.1f t a month in %s against a %,.1f t monthly mean of the %d"
                                    + " months before (%.0f%% down).",
                            where,
                            observed / 1000,
                            period,
                            baseline / 1000,
                            c.baselineMonths(),
                            100 * (1 - observed / baseline));
        }
        Instant start = change.start().atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = change.end().plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Alert.newBuilder()
                .setAlertId(AlertId.of(change.type(), route.asString(), change.changeMonth()))
                .setType(change.type().name())
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
                .setDetails(
                        Map.of(
                                Detail.MONTH.key(),
                                change.changeMonth(),
                                Detail.JUDGED_MONTH.key(),
                                change.judgedMonth()))
                .setShipmentIds(List.of())
                .setLicenseId(null)
                .build();
    }
}
