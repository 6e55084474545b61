package io.lodestone.routechange;

import io.lodestone.alerts.AlertContent;
import io.lodestone.alerts.AlertId;
import io.lodestone.alerts.AlertSink;
import io.lodestone.alerts.AlertType;
import io.lodestone.alerts.Detail;
import io.lodestone.alerts.Evidence;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Severity;
import io.lodestone.reference.ControlList;
import io.lodestone.reference.FigurePerCommodity;
import io.lodestone.reference.ReferenceData;
import io.lodestone.reference.WatchCodes;
import io.lodestone.revision.Alerted;
import io.lodestone.revision.LateMonths;
import io.lodestone.revision.Revisions;
import io.lodestone.routes.RouteDayKey;
import io.lodestone.routes.RouteKey;
import io.lodestone.routes.RouteTotals;
import io.lodestone.routes.RouteVolumeAggregator;
import io.lodestone.state.JsonSerde;
import io.lodestone.statistics.MonthlySeries;
import io.lodestone.statistics.Months;
import io.lodestone.statistics.PooledChange;
import io.lodestone.watermark.Upstream;
import io.lodestone.watermark.Watermarked;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VOLUME_SURGE and VOLUME_COLLAPSE: once a calendar month is closed (its end plus {@code delay}
 * before the watermark of all input partitions), every route of the task gets the month's
 * declarations and net weight added to its monthly history and is judged by {@link
 * RouteChangeJudge} (evidence pooled over months). Every route is judged, so a route that falls
 * silent is judged too; the month reports (history, and the alerts made) go downstream, followed by
 * this task's own watermark, for the alerts and the hub rerouting judge.
 *
 * <p>A month is judged before it is final: shipments of it may still be counted until its end plus
 * the {@code lateness} is behind the watermark. So a route keeps its history only up to its last
 * final month, and its later months are judged again, from the route-day store, whenever they are
 * judged: at each month's close, and within {@link LateMonths#JUDGE_AGAIN_EVERY} (wall clock) of a
 * late shipment landing in a month already judged (a backfill's shipments of one route are judged
 * together, not one revision each). A judgement that differs from what was alerted is sent as the
 * same alert id with the next {@code revision} in its details; a finding that no longer holds is
 * sent withdrawn ({@code status} WITHDRAWN). Late data thus ends in the judgements it would have
 * made on time, in any arrival order.
 */
public final class RouteChangeDetector
        implements Processor<String, Watermarked<RouteTotals>, String, Watermarked<MonthReport>> {

    /**
     * The last month judged and the last final month in this task (two keys), so a restart judges
     * no month twice.
     */
    static final String JUDGED_STORE = "route-months-judged";

    /** Each route's {@link RouteHistory}. */
    static final String HISTORY_STORE = "route-months";

    /**
     * Routes with shipments counted late in months already judged: the earliest such month, until
     * the route is judged again.
     */
    static final String LATE_STORE = "route-months-late";

    private static final String LAST_JUDGED = "lastJudged";
    private static final String FINAL_THROUGH = "finalThrough";

    /** Below every day a route-day key holds (its year has four digits). */
    private static final LocalDate EARLIEST = LocalDate.of(1000, 1, 1);

    private static final Logger log = LoggerFactory.getLogger(RouteChangeDetector.class);

    private final RouteChangeSettings t;
    private final FigurePerCommodity materiality;
    private final ControlList controlList;
    private ProcessorContext<String, Watermarked<MonthReport>> context;
    private TimestampedKeyValueStore<String, RouteTotals> routeDays;
    private KeyValueStore<String, String> judged;
    private KeyValueStore<String, RouteHistory> histories;
    private LateMonths lateRoutes;
    private YearMonth lastJudged;
    private YearMonth finalThrough;

    RouteChangeDetector(RouteChangeSettings thresholds, ReferenceData reference) {
        this.t = thresholds;
        this.materiality = reference.materiality();
        this.controlList = reference.controlList();
    }

    /**
     * Writes surge and collapse alerts; returns every route's judged-month reports, each month's
     * followed by the watermark that closed it (the hub detector reads them). {@code routeDays} are
     * the route-day records and combined watermarks of {@link RouteVolumeAggregator} in the same
     * task; the daily totals are read from the aggregator's store rather than kept twice.
     */
    public static Upstream<Watermarked<MonthReport>> build(
            StreamsBuilder builder,
            Upstream<Watermarked<RouteTotals>> routeDays,
            RouteChangeSettings settings,
            ReferenceData reference,
            AlertSink alerts) {
        FigurePerCommodity materiality = reference.materiality();
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
        builder.addStateStore(LateMonths.store(LATE_STORE));
        KStream<String, Watermarked<MonthReport>> reports =
                routeDays.stream()
                        .process(
                                () -> new RouteChangeDetector(settings, reference),
                                Named.as("judge-closed-months"),
                                RouteVolumeAggregator.STORE,
                                JUDGED_STORE,
                                HISTORY_STORE,
                                LATE_STORE);
        alerts.send(
                reports.flatMapValues(
                        report -> alertsOf(report, materiality), Named.as("route-change-alerts")));
        // In the aggregator's task: as many route judges as aggregators.
        return new Upstream<>(reports, routeDays.tasks());
    }

    /** The alerts a judgement sent with its month reports. */
    private static List<Alert> alertsOf(
            Watermarked<MonthReport> report, FigurePerCommodity materiality) {
        List<Alert> alerts = new ArrayList<>();
        for (MonthReport month : report.values()) {
            RouteKey route = RouteKey.parse(month.route());
            month.alerts().forEach(a -> alerts.add(alert(route, a, materiality)));
        }
        return alerts;
    }

    @Override
    public void init(ProcessorContext<String, Watermarked<MonthReport>> context) {
        this.context = context;
        this.routeDays = context.getStateStore(RouteVolumeAggregator.STORE);
        this.judged = context.getStateStore(JUDGED_STORE);
        this.histories = context.getStateStore(HISTORY_STORE);
        this.lateRoutes = new LateMonths(context.getStateStore(LATE_STORE));
        this.lastJudged = month(judged.get(LAST_JUDGED));
        // A task judged by a release without revisions kept every judged month as final.
        String storedFinal = judged.get(FINAL_THROUGH);
        this.finalThrough = storedFinal == null ? lastJudged : YearMonth.parse(storedFinal);
        context.schedule(
                LateMonths.JUDGE_AGAIN_EVERY,
                PunctuationType.WALL_CLOCK_TIME,
                now -> judgeLateRoutes());
    }

    /**
     * Marks judge the months they close. A route-day record (already counted in the aggregator's
     * store) that lands in a month already judged has its route judged again soon.
     */
    @Override
    public void process(Record<String, Watermarked<RouteTotals>> record) {
        if (record.value() instanceof Watermarked.Mark<RouteTotals> mark) {
            judgeClosedMonths(mark.time());
            context.forward(record.withValue(mark.retype()));
            return;
        }
        if (lastJudged == null) {
            return;
        }
        RouteDayKey routeDay = RouteDayKey.parse(record.key());
        YearMonth month = YearMonth.from(routeDay.day());
        if (month.isAfter(lastJudged)) {
            return;
        }
        if (finalThrough != null && !month.isAfter(finalThrough)) {
            // only an input partition idle past the lateness and back with old data gets here
            log.warn(
                    "a shipment of {} was counted after its month was final ({} is final, after"
                            + " its end plus {}): route volumes include it, the route's judgements"
                            + " do not",
                    record.key(),
                    finalThrough,
                    t.lateness());
            return;
        }
        lateRoutes.add(routeDay.route(), month);
    }

    /** Judges again each route with late shipments, from the earliest month they landed in. */
    private void judgeLateRoutes() {
        for (Map.Entry<String, YearMonth> late : lateRoutes.take().entrySet()) {
            String route = late.getKey();
            judgeRoute(
                    route,
                    histories.get(route),
                    monthsOf(route, lastJudged),
                    late.getValue(),
                    lastJudged,
                    finalThrough);
        }
    }

    private void judgeClosedMonths(long watermarkTime) {
        Instant watermark = Instant.ofEpochMilli(watermarkTime);
        YearMonth lastClosed = monthOf(watermark.minus(t.delay())).minusMonths(1);
        if (lastJudged != null && !lastClosed.isAfter(lastJudged)) {
            return;
        }
        YearMonth nowFinal = monthOf(watermark.minus(t.lateness())).minusMonths(1);
        if (nowFinal.isAfter(lastClosed)) {
            nowFinal = lastClosed;
        }
        if (finalThrough != null && finalThrough.isAfter(nowFinal)) {
            // final stays final (a task upgraded from a release without revisions, or a longer
            // window.grace than before)
            nowFinal = finalThrough;
        }
        // Every route's months after the last final one, from one pass over the route-days.
        Map<String, MonthlySeries> recent = new TreeMap<>();
        try (KeyValueIterator<String, ValueAndTimestamp<RouteTotals>> days = routeDays.all()) {
            while (days.hasNext()) {
                KeyValue<String, ValueAndTimestamp<RouteTotals>> day = days.next();
                RouteDayKey key = RouteDayKey.parse(day.key);
                YearMonth month = YearMonth.from(key.day());
                if ((finalThrough == null || month.isAfter(finalThrough))
                        && !month.isAfter(lastClosed)) {
                    recent.merge(
                            key.route(), monthOf(month, day.value.value()), MonthlySeries::plus);
                }
            }
        }
        Set<String> routes = new TreeSet<>(recent.keySet());
        try (KeyValueIterator<String, RouteHistory> known = histories.all()) {
            known.forEachRemaining(kv -> routes.add(kv.key));
        }
        Map<String, YearMonth> late = lateRoutes.take();
        for (String route : routes) {
            judgeRoute(
                    route,
                    histories.get(route),
                    recent.get(route),
                    late.get(route),
                    lastClosed,
                    nowFinal);
        }
        lastJudged = lastClosed;
        finalThrough = nowFinal;
        judged.put(LAST_JUDGED, lastClosed.toString());
        judged.put(FINAL_THROUGH, nowFinal.toString());
    }

    /** The route's day totals from after the last final month to {@code to}, by month. */
    private MonthlySeries monthsOf(String route, YearMonth to) {
        LocalDate from = finalThrough == null ? EARLIEST : finalThrough.plusMonths(1).atDay(1);
        MonthlySeries months = null;
        try (KeyValueIterator<String, ValueAndTimestamp<RouteTotals>> days =
                routeDays.range(
                        new RouteDayKey(route, from).encoded(),
                        new RouteDayKey(route, to.atEndOfMonth()).encoded())) {
            while (days.hasNext()) {
                KeyValue<String, ValueAndTimestamp<RouteTotals>> day = days.next();
                MonthlySeries month =
                        monthOf(
                                YearMonth.from(RouteDayKey.parse(day.key).day()),
                                day.value.value());
                months = months == null ? month : months.plus(month);
            }
        }
        return months;
    }

    /**
     * Judges the route's months after its last final one up to {@code to}, from its final history
     * and {@code recent} (its totals of those months; null: none), reporting each month after the
     * last judged one, and each from {@code revisedFrom} (null: none) when a late shipment came;
     * the alerts that differ from what was alerted go with the last report. Months up to {@code
     * nowFinal} become the route's final history.
     */
    private void judgeRoute(
            String route,
            RouteHistory stored,
            MonthlySeries recent,
            YearMonth revisedFrom,
            YearMonth to,
            YearMonth nowFinal) {
        RouteHistory history = stored == null ? RouteHistory.NONE : stored;
        if (history.months() != null && history.through() == null) {
            // kept by a release without revisions: every month it holds is final
            history = history.finalThrough(history.months().last());
        }
        // what is kept: the history up to the last final month (none yet: NONE's null months)
        RouteHistory kept = history;
        YearMonth from;
        if (history.months() != null) {
            from = history.throughMonth().plusMonths(1);
        } else if (recent != null) {
            from = recent.first();
            history = history.withMonths(MonthlySeries.empty(from));
        } else {
            return;
        }
        RouteKey key = RouteKey.parse(route);
        // A watch code's series is kept and reported (substitution is judged against it), but its
        // own trade rising or falling is no alert: it is uncontrolled and has no materiality.
        boolean judged = !WatchCodes.isRouteLabel(key.commodity());
        double materialKg = judged ? materiality.of(key.commodity()) : Double.NaN;
        List<RouteChange> found = new ArrayList<>();
        List<MonthReport> reports = new ArrayList<>();
        for (YearMonth month = from; !month.isAfter(to); month = month.plusMonths(1)) {
            long count = recent == null ? 0 : recent.count(month);
            double kg = recent == null ? 0 : recent.kg(month);
            history = history.withMonth(month, count, kg);
            RouteChange change =
                    judged
                            ? RouteChangeJudge.judge(history, month, t, materialKg)
                                    .filter(c -> !leftToTheListedEvent(key, c))
                                    .orElse(null)
                            : null;
            if (change != null) {
                history =
                        history.changedAt(change.start(), change.type() == AlertType.VOLUME_SURGE);
                found.add(change);
            }
            if (!month.isAfter(nowFinal)) {
                kept = history.finalThrough(month);
            }
            if (lastJudged == null
                    || month.isAfter(lastJudged)
                    || (revisedFrom != null && !month.isBefore(revisedFrom))) {
                reports.add(new MonthReport(route, month.toString(), history.months(), null));
            }
        }
        List<Alerted<RouteChange>> sent = new ArrayList<>();
        List<Alerted<RouteChange>> alerted =
                new Revisions<RouteChange>(
                                change -> alertId(route, change),
                                (a, b) ->
                                        AlertContent.same(
                                                alert(key, a, materiality),
                                                alert(key, b, materiality)),
                                c -> 1)
                        .revise(
                                history.alerted(),
                                found,
                                c -> lastJudged != null && !c.end().isAfter(lastJudged),
                                c -> true,
                                sent);
        YearMonth through = kept.throughMonth();
        histories.put(
                route,
                kept.withAlerted(
                        alerted.stream()
                                .filter(a -> through == null || a.finding().end().isAfter(through))
                                .toList()));
        for (int i = 0; i < reports.size(); i++) {
            MonthReport report = reports.get(i);
            if (i == reports.size() - 1) {
                report = new MonthReport(route, report.month(), report.series(), sent);
            }
            context.forward(
                    new Record<>(
                            route,
                            Watermarked.data(report),
                            Months.end(report.yearMonth()).toEpochMilli()));
        }
    }

    /**
     * A collapse of a restricted pair's direct route that began around the pair's date is left to
     * the hub judge's event study from that date: a VOLUME_COLLAPSE when no hub took the flow up,
     * REROUTING_SUSPECTED when one did.
     */
    private boolean leftToTheListedEvent(RouteKey route, RouteChange change) {
        return change.type() == AlertType.VOLUME_COLLAPSE
                && route.originCountry().equals(route.exportCountry())
                && controlList
                        .listedAround(
                                route.originCountry(),
                                route.importCountry(),
                                route.commodity(),
                                change.start(),
                                Months.NEAR_DATE,
                                Months.EPISODE)
                        .isPresent();
    }

    /** The id of the alert of a route's surge or collapse: its route and the month it started. */
    static String alertId(String route, RouteChange change) {
        return AlertId.of(change.type(), route, change.changeMonth());
    }

    private static MonthlySeries monthOf(YearMonth month, RouteTotals totals) {
        return new MonthlySeries(
                month.toString(),
                new long[] {totals.shipmentCount()},
                new double[] {totals.netWeightKg()});
    }

    private static YearMonth monthOf(Instant instant) {
        return YearMonth.from(instant.atZone(ZoneOffset.UTC));
    }

    private static YearMonth month(String stored) {
        return stored == null ? null : YearMonth.parse(stored);
    }

    /**
     * The alert of a surge or collapse as {@code alerted}: its revision, and when withdrawn, its
     * last evidence under the status WITHDRAWN.
     */
    static Alert alert(
            RouteKey route, Alerted<RouteChange> alerted, FigurePerCommodity materiality) {
        return alerted.stamp(alert(route, alerted.finding(), materiality), Alerted.LATE_SHIPMENTS);
    }

    /** The alert of a surge or collapse: identified by its route and the month it started. */
    static Alert alert(RouteKey route, RouteChange change, FigurePerCommodity materiality) {
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
        Evidence.MATERIAL_KG.put(evidence, materiality.of(route.commodity()));
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
        Instant start = Months.start(change.start());
        Instant end = Months.end(change.end());
        return Alert.newBuilder()
                .setAlertId(alertId(route.asString(), change))
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
