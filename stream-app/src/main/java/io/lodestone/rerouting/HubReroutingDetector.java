package io.lodestone.rerouting;

import io.lodestone.alerts.AlertId;
import io.lodestone.alerts.AlertSink;
import io.lodestone.alerts.AlertType;
import io.lodestone.alerts.Detail;
import io.lodestone.alerts.Evidence;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Severity;
import io.lodestone.reference.ControlList.RestrictedPair;
import io.lodestone.reference.ReferenceData;
import io.lodestone.routechange.MonthReport;
import io.lodestone.routes.RouteKey;
import io.lodestone.state.JsonSerde;
import io.lodestone.statistics.MonthlySeries;
import io.lodestone.statistics.PooledChange;
import io.lodestone.watermark.Upstream;
import io.lodestone.watermark.WatermarkTracker;
import io.lodestone.watermark.Watermarked;
import io.lodestone.watermark.Watermarks;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REROUTING_SUSPECTED: closed-month route reports are re-keyed by the restricted pairs they are a
 * leg of; a pair's month is judged by {@link HubReroutingJudge} once the watermark of every route
 * judge has passed it, when all its legs are in (a leg that reported nothing had no flow). One
 * alert per episode, updated as later months add evidence (the same alert id, a higher {@code
 * revision} in its details).
 */
public final class HubReroutingDetector
        implements Processor<String, Watermarked<HubReroutingDetector.Leg>, String, Alert> {

    static final String STORE = "hub-legs";
    static final String EPISODES = "rerouting-episodes";
    static final String WATERMARKS = "hub-watermarks";

    /** What a route is to a restricted pair. */
    public enum LegKind {
        DIRECT,
        TO_HUB,
        FROM_HUB
    }

    /**
     * One route's month as one leg of a restricted pair: DIRECT (O→D), TO_HUB (O→H) or FROM_HUB
     * (H→D).
     */
    public record Leg(LegKind kind, String hub, MonthReport report) {}

    /**
     * The legs store's key: a restricted pair ({@code commodity|O|D}), a month and the route a leg
     * is, {@code <pair>@<yyyy-mm>@<route>}, so a pair's months sort in order and each leg is an
     * entry of its own (appending to one list per month re-wrote it whole for every route: 44% of a
     * detection-grid run). Keys without the route (one list per month, as releases before 0.2 wrote
     * them) are read alike.
     */
    record PairMonth(String pair, YearMonth month) {
        private static final char SEPARATOR = '@';
        private static final int MONTH_LENGTH = 7;

        String legKey(String route) {
            return pair + SEPARATOR + month + SEPARATOR + route;
        }

        static PairMonth parse(String key) {
            int at = key.indexOf(SEPARATOR);
            return new PairMonth(
                    key.substring(0, at),
                    YearMonth.parse(key.substring(at + 1, at + 1 + MONTH_LENGTH)));
        }

        Instant end() {
            return month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    private static final Logger log = LoggerFactory.getLogger(HubReroutingDetector.class);

    private final HubReroutingSettings t;
    private final int routeJudges;
    private final ReferenceData reference;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, List<Leg>> legs;
    private KeyValueStore<String, HubReroutingJudge.Episode> episodes;
    private WatermarkTracker watermark;

    HubReroutingDetector(
            HubReroutingSettings thresholds, int routeJudges, ReferenceData reference) {
        this.t = thresholds;
        this.routeJudges = routeJudges;
        this.reference = reference;
    }

    /**
     * {@code months}: the route judges' month reports and marks, from {@code months.tasks()} route
     * judges.
     */
    public static void build(
            StreamsBuilder builder,
            Upstream<Watermarked<MonthReport>> months,
            HubReroutingSettings settings,
            ReferenceData reference,
            AlertSink alerts) {
        int routeJudges = months.tasks();
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(STORE),
                        Serdes.String(),
                        JsonSerde.listOf(Leg.class)));
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(EPISODES),
                        Serdes.String(),
                        JsonSerde.of(HubReroutingJudge.Episode.class)));
        builder.addStateStore(WatermarkTracker.store(WATERMARKS));
        alerts.send(
                months.stream()
                        .flatMap(
                                (route, report) ->
                                        report instanceof Watermarked.Mark<MonthReport> mark
                                                ? List.of(
                                                        KeyValue.pair(
                                                                Watermarks.MARK_KEY,
                                                                mark.<Leg>retype()))
                                                : legsOf(
                                                                reference,
                                                                ((Watermarked.Data<MonthReport>)
                                                                                report)
                                                                        .value())
                                                        .stream()
                                                        .map(
                                                                leg ->
                                                                        KeyValue.pair(
                                                                                leg.key,
                                                                                Watermarked.data(
                                                                                        leg.value)))
                                                        .toList(),
                                Named.as("legs-of-restricted-pairs"))
                        .repartition(Watermarks.repartitioned("hub-legs", legSerde(), routeJudges))
                        .process(
                                () -> new HubReroutingDetector(settings, routeJudges, reference),
                                Named.as("judge-hub-rerouting"),
                                STORE,
                                EPISODES,
                                WATERMARKS));
    }

    /**
     * The pairs a route's month is a leg of, keyed by pair ({@code commodity|O|D}), from the month
     * the pair is restricted. An onward leg H→D counts when it declares origin O or origin H
     * (masked).
     */
    static List<KeyValue<String, Leg>> legsOf(ReferenceData reference, MonthReport withAlerts) {
        MonthReport report = withAlerts.withoutAlerts();
        RouteKey route = RouteKey.parse(report.route());
        List<KeyValue<String, Leg>> result = new ArrayList<>();
        for (RestrictedPair pair : reference.controlList().restrictedPairs()) {
            if (!pair.commodity().equals(route.commodity())
                    || report.yearMonth().atEndOfMonth().isBefore(pair.since())) {
                continue;
            }
            String key = pairKey(pair);
            boolean fromOrigin = route.exportCountry().equals(pair.origin());
            boolean toDestination = route.importCountry().equals(pair.destination());
            if (fromOrigin && toDestination) {
                result.add(KeyValue.pair(key, new Leg(LegKind.DIRECT, null, report)));
            } else if (fromOrigin && !route.importCountry().equals(pair.origin())) {
                result.add(
                        KeyValue.pair(key, new Leg(LegKind.TO_HUB, route.importCountry(), report)));
            } else if (toDestination
                    && !route.exportCountry().equals(pair.destination())
                    && (route.originCountry().equals(pair.origin())
                            || route.originCountry().equals(route.exportCountry()))) {
                result.add(
                        KeyValue.pair(
                                key, new Leg(LegKind.FROM_HUB, route.exportCountry(), report)));
            }
        }
        return result;
    }

    private static String pairKey(RestrictedPair pair) {
        return pair.commodity() + "|" + pair.origin() + "|" + pair.destination();
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.legs = context.getStateStore(STORE);
        this.episodes = context.getStateStore(EPISODES);
        this.watermark = new WatermarkTracker(context.getStateStore(WATERMARKS), routeJudges);
    }

    @Override
    public void process(Record<String, Watermarked<Leg>> record) {
        if (record.value() instanceof Watermarked.Mark<Leg> mark) {
            watermark.advance(mark).ifPresent(this::judgeClosedMonths);
            return;
        }
        Leg leg = ((Watermarked.Data<Leg>) record.value()).value();
        PairMonth pairMonth = new PairMonth(record.key(), leg.report().yearMonth());
        OptionalLong judgedTo = watermark.current();
        if (judgedTo.isPresent()
                && !pairMonth
                        .end()
                        .isAfter(Instant.ofEpochMilli(judgedTo.getAsLong()).minus(t.delay()))) {
            // a route month judged again after late shipments; this judge does not revise yet
            log.debug("pair month {} already judged: not revising it for {}", pairMonth, leg);
            return;
        }
        legs.put(pairMonth.legKey(leg.report().route()), List.of(leg));
    }

    /**
     * Judges every pair-month whose reports are all in: the route judges report a month at its end
     * plus the delay.
     */
    private void judgeClosedMonths(long watermarkTime) {
        Instant closedBefore = Instant.ofEpochMilli(watermarkTime).minus(t.delay());
        // the store iterates in key order, so a pair's months come in order
        Map<PairMonth, List<Leg>> complete = new LinkedHashMap<>();
        List<String> judged = new ArrayList<>();
        try (KeyValueIterator<String, List<Leg>> pending = legs.all()) {
            pending.forEachRemaining(
                    kv -> {
                        PairMonth pairMonth = PairMonth.parse(kv.key);
                        if (!pairMonth.end().isAfter(closedBefore)) {
                            complete.computeIfAbsent(pairMonth, m -> new ArrayList<>())
                                    .addAll(kv.value);
                            judged.add(kv.key);
                        }
                    });
        }
        complete.forEach(
                (pairMonth, legsOfMonth) ->
                        judge(pairMonth.pair(), pairMonth.month(), legsOfMonth));
        judged.forEach(legs::delete);
    }

    private void judge(String pairKey, YearMonth month, List<Leg> legsOfMonth) {
        MonthlySeries direct = null;
        Map<String, MonthlySeries> toHub = new TreeMap<>();
        Map<String, MonthlySeries> fromHub = new TreeMap<>();
        for (Leg leg : legsOfMonth) {
            MonthlySeries series = leg.report().series();
            switch (leg.kind()) {
                case DIRECT -> direct = direct == null ? series : direct.plus(series);
                case TO_HUB -> toHub.merge(leg.hub(), series, MonthlySeries::plus);
                case FROM_HUB -> fromHub.merge(leg.hub(), series, MonthlySeries::plus);
            }
        }
        RestrictedPair restriction =
                reference.controlList().restrictedPairs().stream()
                        .filter(p -> pairKey(p).equals(pairKey))
                        .findFirst()
                        .orElseThrow();
        HubReroutingJudge.Episode last = episodes.get(pairKey);
        HubReroutingJudge.judge(
                        month,
                        restriction.since(),
                        new HubReroutingJudge.PairLegs(direct, toHub, fromHub),
                        last,
                        t,
                        reference.materiality().kgPerMonth(restriction.commodity()))
                .ifPresent(
                        finding -> {
                            episodes.put(pairKey, finding.episode());
                            Alert alert = alert(restriction, finding);
                            context.forward(
                                    new Record<>(
                                            pairKey, alert, alert.getDetectedAt().toEpochMilli()));
                        });
    }

    /** The episode's alert as of {@code finding}'s month: the same id for every update. */
    static Alert alert(RestrictedPair pair, HubReroutingJudge.Finding finding) {
        HubReroutingJudge.Episode episode = finding.episode();
        PooledChange direct = finding.direct();
        Map<String, Double> evidence = new LinkedHashMap<>();
        Evidence.DIRECT_BEFORE_KG.put(evidence, direct.baselineMeanKg());
        Evidence.DIRECT_AFTER_KG.put(evidence, direct.pooledMeanKg());
        Evidence.DIRECT_BEFORE_SHIPMENTS.put(evidence, direct.baselineMeanCount());
        Evidence.DIRECT_AFTER_SHIPMENTS.put(evidence, direct.pooledMeanCount());
        Evidence.DIRECT_P_VALUE.put(evidence, direct.countP());
        Evidence.DIRECT_WEIGHT_P_VALUE.put(evidence, direct.weightP());
        Evidence.BASELINE_MONTHS.put(evidence, (double) direct.baselineMonths());
        for (HubReroutingJudge.HubEvidence hub : finding.hubs()) {
            Evidence.TO_HUB_BEFORE_KG.put(evidence, hub.hub(), hub.in().baselineMeanKg());
            Evidence.TO_HUB_AFTER_KG.put(evidence, hub.hub(), hub.in().pooledMeanKg());
            Evidence.FROM_HUB_BEFORE_KG.put(evidence, hub.hub(), hub.out().baselineMeanKg());
            Evidence.FROM_HUB_AFTER_KG.put(evidence, hub.hub(), hub.out().pooledMeanKg());
            Evidence.LAG_MONTHS.put(evidence, hub.hub(), (double) hub.lagMonths());
            Evidence.HUB_P_VALUE.put(evidence, hub.hub(), hub.p());
            Evidence.DIVERTED_KG.put(evidence, hub.hub(), hub.divertedKg());
        }
        Evidence.DIVERTED_KG.put(evidence, finding.divertedKg());
        YearMonth start = episode.start();
        long covered = start.until(finding.month(), ChronoUnit.MONTHS) + 1;
        long toDetect = start.until(YearMonth.parse(episode.firstCalled()), ChronoUnit.MONTHS) + 1;
        Evidence.MONTHS_COVERED.put(evidence, (double) covered);
        Evidence.MONTHS_TO_DETECT.put(evidence, (double) toDetect);
        List<String> hubsNow =
                finding.hubs().stream().map(HubReroutingJudge.HubEvidence::hub).toList();
        Map<String, String> details = new LinkedHashMap<>();
        Detail.MONTH.put(details, episode.changeMonth());
        Detail.JUDGED_MONTH.put(details, finding.month().toString());
        Detail.FIRST_CALLED.put(details, episode.firstCalled());
        Detail.REVISION.put(
                details,
                String.valueOf(
                        YearMonth.parse(episode.firstCalled())
                                        .until(finding.month(), ChronoUnit.MONTHS)
                                + 1));
        Detail.METHOD.put(
                details,
                episode.dated()
                        ? "event study from the control list's date " + pair.since()
                        : "change point");
        Detail.HUBS.put(details, String.join(",", hubsNow));
        Instant windowStart = start.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end =
                finding.month().plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        String period = covered == 1 ? start.toString() : start + ".." + finding.month();
        return Alert.newBuilder()
                .setAlertId(
                        AlertId.of(
                                AlertType.REROUTING_SUSPECTED,
                                pairKey(pair),
                                episode.changeMonth()))
                .setType(AlertType.REROUTING_SUSPECTED.name())
                .setSeverity(Severity.WARNING)
                .setCommodity(pair.commodity())
                .setOriginCountry(pair.origin())
                .setExportCountry(pair.origin())
                .setImportCountry(pair.destination())
                .setHubCountries(episode.hubs())
                .setWindowStart(windowStart)
                .setWindowEnd(end)
                .setDetectedAt(end)
                .setSummary(
                        String.format(
                                "%s %s→%s fell from %,.1f t to %,.1f t a month in %s while flows"
                                        + " through %s rose: about %,.1f t diverted.",
                                pair.commodity(),
                                pair.origin(),
                                pair.destination(),
                                direct.baselineMeanKg() / 1000,
                                direct.pooledMeanKg() / 1000,
                                period,
                                String.join(", ", hubsNow),
                                finding.divertedKg() / 1000))
                .setEvidence(evidence)
                .setDetails(details)
                .setShipmentIds(List.of())
                .setLicenseId(null)
                .setNetWeightKg(finding.divertedKg())
                .build();
    }

    static Serde<Leg> legSerde() {
        return JsonSerde.of(Leg.class);
    }
}
