package io.lodestone.rerouting;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.lodestone.alerts.AlertContent;
import io.lodestone.alerts.AlertId;
import io.lodestone.alerts.AlertSink;
import io.lodestone.alerts.AlertType;
import io.lodestone.alerts.Detail;
import io.lodestone.alerts.Evidence;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Severity;
import io.lodestone.reference.ControlList.RestrictedPair;
import io.lodestone.reference.ReferenceData;
import io.lodestone.reference.WatchCodes;
import io.lodestone.revision.Alerted;
import io.lodestone.revision.LateMonths;
import io.lodestone.revision.Revisions;
import io.lodestone.routechange.MonthReport;
import io.lodestone.routes.RouteKey;
import io.lodestone.state.JsonSerde;
import io.lodestone.statistics.MonthlySeries;
import io.lodestone.statistics.Months;
import io.lodestone.statistics.PooledChange;
import io.lodestone.substitution.SubstitutionFlowAlerts;
import io.lodestone.substitution.SubstitutionFlowAlerts.RouteFinding;
import io.lodestone.substitution.SubstitutionFlowJudge;
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
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.PunctuationType;
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

    /** Each pair's episode as of its last final month. */
    static final String EPISODES = "rerouting-episodes";

    /** Each pair's last final month and what it alerted that may still be revised. */
    static final String PAIRS = "rerouting-pairs";

    /** Pairs whose judged months got revised legs. */
    static final String LATE = "hub-legs-late";

    static final String WATERMARKS = "hub-watermarks";

    /**
     * What the hub judge keeps of a pair beside its episode: its last final month (null: none yet)
     * and the alerts it sent that late legs may still revise (the ongoing episode's among them).
     */
    record JudgedPair(
            String through,
            List<Alerted<HubReroutingJudge.Finding>> alerted,
            Map<String, SubstitutionFlowJudge.Episode> substitutionEpisodes,
            List<Alerted<RouteFinding>> substitutions) {

        JudgedPair {
            alerted = alerted == null ? List.of() : List.copyOf(alerted);
            // pairs judged by a release before substitutions were judged have none
            substitutionEpisodes =
                    substitutionEpisodes == null ? Map.of() : Map.copyOf(substitutionEpisodes);
            substitutions = substitutions == null ? List.of() : List.copyOf(substitutions);
        }

        @JsonIgnore
        YearMonth throughMonth() {
            return through == null ? null : YearMonth.parse(through);
        }
    }

    /** What a route is to a restricted pair. */
    public enum LegKind {
        DIRECT,
        TO_HUB,
        FROM_HUB,
        /** A watch code of the pair's commodity exported from O, to D or a hub. */
        WATCH
    }

    /**
     * One route's month as one leg of a restricted pair: DIRECT (O→D), TO_HUB (O→H), FROM_HUB (H→D)
     * or WATCH (a watch code O→X; {@code hub} is X, the pair's destination or a hub).
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

        /** The lowest key of a pair's legs. */
        static String firstOf(String pair) {
            return pair + SEPARATOR;
        }

        /** A key above every key of a pair's legs. */
        static String afterAllOf(String pair) {
            return pair + (char) (SEPARATOR + 1);
        }

        static PairMonth parse(String key) {
            int at = key.indexOf(SEPARATOR);
            return new PairMonth(
                    key.substring(0, at),
                    YearMonth.parse(key.substring(at + 1, at + 1 + MONTH_LENGTH)));
        }

        Instant end() {
            return Months.end(month);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(HubReroutingDetector.class);

    private final HubReroutingSettings t;
    private final int routeJudges;
    private final ReferenceData reference;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, List<Leg>> legs;
    private KeyValueStore<String, HubReroutingJudge.Episode> episodes;
    private KeyValueStore<String, JudgedPair> judgedPairs;
    private LateMonths latePairs;
    private WatermarkTracker watermark;
    private YearMonth lastJudged;

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
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PAIRS),
                        Serdes.String(),
                        JsonSerde.of(JudgedPair.class)));
        builder.addStateStore(LateMonths.store(LATE));
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
                                PAIRS,
                                LATE,
                                WATERMARKS));
    }

    /**
     * The pairs a route's month is a leg of, keyed by pair ({@code commodity|O|D}), from the month
     * the pair is restricted. An onward leg H→D counts when it declares origin O or origin H
     * (masked); a watch code of the pair's commodity exported from O is a leg to where it goes.
     */
    static List<KeyValue<String, Leg>> legsOf(ReferenceData reference, MonthReport withAlerts) {
        MonthReport report = withAlerts.withoutAlerts();
        RouteKey route = RouteKey.parse(report.route());
        List<KeyValue<String, Leg>> result = new ArrayList<>();
        Optional<String> watched = WatchCodes.hsPrefixOfRouteLabel(route.commodity());
        if (watched.isPresent()) {
            return watchLegsOf(reference, route, report, watched.get());
        }
        for (RestrictedPair pair : reference.controlList().restrictedPairs()) {
            if (report.yearMonth().atEndOfMonth().isBefore(pair.since())) {
                continue;
            }
            String key = pairKey(pair);
            if (!pair.commodity().equals(route.commodity())) {
                continue;
            }
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

    /**
     * A watch code's route O→X is a WATCH leg of one pair per commodity it watches, so each route
     * is judged once: the pair (commodity, O, X) if listed, else the first listed pair of the
     * commodity from O (in the control list's order).
     */
    private static List<KeyValue<String, Leg>> watchLegsOf(
            ReferenceData reference, RouteKey route, MonthReport report, String watchedPrefix) {
        if (route.importCountry().equals(route.exportCountry())) {
            return List.of();
        }
        List<KeyValue<String, Leg>> result = new ArrayList<>();
        for (WatchCodes.WatchCode code : reference.watchCodes().of(watchedPrefix)) {
            List<RestrictedPair> fromOrigin =
                    reference.controlList().restrictedPairs().stream()
                            .filter(
                                    p ->
                                            p.commodity().equals(code.commodity())
                                                    && p.origin().equals(route.exportCountry())
                                                    && !report.yearMonth()
                                                            .atEndOfMonth()
                                                            .isBefore(p.since()))
                            .toList();
            fromOrigin.stream()
                    .filter(p -> p.destination().equals(route.importCountry()))
                    .findFirst()
                    .or(() -> fromOrigin.stream().findFirst())
                    .ifPresent(
                            owner ->
                                    result.add(
                                            KeyValue.pair(
                                                    pairKey(owner),
                                                    new Leg(
                                                            LegKind.WATCH,
                                                            route.importCountry(),
                                                            report))));
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
        this.judgedPairs = context.getStateStore(PAIRS);
        this.latePairs = new LateMonths(context.getStateStore(LATE));
        this.watermark = new WatermarkTracker(context.getStateStore(WATERMARKS), routeJudges);
        OptionalLong judgedTo = watermark.current();
        this.lastJudged = judgedTo.isPresent() ? lastClosed(judgedTo.getAsLong()) : null;
        context.schedule(
                LateMonths.JUDGE_AGAIN_EVERY,
                PunctuationType.WALL_CLOCK_TIME,
                now -> judgeLatePairs());
    }

    /**
     * Marks judge the months they close. A leg of a month already judged (a route month judged
     * again after late shipments) replaces the leg it revises, and its pair is judged again soon.
     */
    @Override
    public void process(Record<String, Watermarked<Leg>> record) {
        if (record.value() instanceof Watermarked.Mark<Leg> mark) {
            watermark.advance(mark).ifPresent(this::judgeClosedMonths);
            return;
        }
        Leg leg = ((Watermarked.Data<Leg>) record.value()).value();
        YearMonth month = leg.report().yearMonth();
        legs.put(new PairMonth(record.key(), month).legKey(leg.report().route()), List.of(leg));
        if (lastJudged != null && !month.isAfter(lastJudged)) {
            latePairs.add(record.key(), month);
        }
    }

    /** The last month closed at {@code watermarkTime}: its end plus the delay behind it. */
    private YearMonth lastClosed(long watermarkTime) {
        return monthOf(Instant.ofEpochMilli(watermarkTime).minus(t.delay())).minusMonths(1);
    }

    /**
     * Judges every pair's months that closed, and again those after its last final month: the route
     * judges report a month at its end plus the delay, and again while late shipments can change
     * it.
     */
    private void judgeClosedMonths(long watermarkTime) {
        YearMonth lastClosed = lastClosed(watermarkTime);
        if (lastJudged != null && !lastClosed.isAfter(lastJudged)) {
            return;
        }
        YearMonth nowFinal =
                monthOf(Instant.ofEpochMilli(watermarkTime).minus(t.lateness())).minusMonths(1);
        Set<String> pairs = new TreeSet<>();
        try (KeyValueIterator<String, List<Leg>> all = legs.all()) {
            all.forEachRemaining(kv -> pairs.add(PairMonth.parse(kv.key).pair()));
        }
        latePairs.take(); // every pair is judged again now
        for (String pair : pairs) {
            judgePair(pair, lastClosed, nowFinal);
        }
        lastJudged = lastClosed;
    }

    /** Judges again each pair with revised legs. */
    private void judgeLatePairs() {
        if (lastJudged == null) {
            return;
        }
        for (String pair : latePairs.take().keySet()) {
            log.debug("pair {} judged again after revised legs", pair);
            judgePair(pair, lastJudged, null);
        }
    }

    /**
     * Judges the pair's months after its last final one up to {@code to}, from its episode as of
     * that month and its legs; sends the alerts that differ from what was alerted. Months up to
     * {@code nowFinal} (null: none more) become final: the episode as of the last is kept, their
     * legs dropped.
     */
    private void judgePair(String pair, YearMonth to, YearMonth nowFinal) {
        RestrictedPair restriction =
                reference.controlList().restrictedPairs().stream()
                        .filter(p -> pairKey(p).equals(pair))
                        .findFirst()
                        .orElse(null);
        if (restriction == null) {
            return; // a pair dropped from the control list: its legs stay until they expire
        }
        JudgedPair judged = judgedPairs.get(pair);
        HubReroutingJudge.Episode episode = episodes.get(pair);
        // a pair judged by a release without revisions: every month it judged is final
        YearMonth through =
                judged != null
                        ? judged.throughMonth()
                        : episode != null && lastJudged != null ? lastJudged : null;
        Map<YearMonth, List<Leg>> byMonth = new TreeMap<>();
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, List<Leg>> all =
                legs.range(PairMonth.firstOf(pair), PairMonth.afterAllOf(pair))) {
            all.forEachRemaining(
                    kv -> {
                        YearMonth month = PairMonth.parse(kv.key).month();
                        if ((through == null || month.isAfter(through)) && !month.isAfter(to)) {
                            byMonth.computeIfAbsent(month, m -> new ArrayList<>()).addAll(kv.value);
                            keys.add(kv.key);
                        }
                    });
        }
        if (byMonth.isEmpty()) {
            return;
        }
        double materialKg = reference.materiality().of(restriction.commodity());
        HubReroutingJudge.Episode kept = episode;
        YearMonth keptThrough = through;
        List<HubReroutingJudge.Finding> found = new ArrayList<>();
        Map<String, SubstitutionFlowJudge.Episode> substitutionEpisodes =
                new TreeMap<>(judged == null ? Map.of() : judged.substitutionEpisodes());
        Map<String, SubstitutionFlowJudge.Episode> keptSubstitutions =
                Map.copyOf(substitutionEpisodes);
        List<RouteFinding> substituted = new ArrayList<>();
        for (Map.Entry<YearMonth, List<Leg>> month : byMonth.entrySet()) {
            HubReroutingJudge.PairLegs pairLegs = pairLegs(month.getValue());
            Optional<HubReroutingJudge.Finding> finding =
                    HubReroutingJudge.judge(
                            month.getKey(), restriction.since(), pairLegs, episode, t, materialKg);
            if (finding.isPresent()) {
                episode = finding.get().episode();
                found.add(finding.get());
            }
            judgeSubstitutions(
                    restriction,
                    month.getKey(),
                    pairLegs,
                    watchLegs(month.getValue()),
                    substitutionEpisodes,
                    materialKg,
                    substituted);
            if (nowFinal != null && !month.getKey().isAfter(nowFinal)) {
                kept = episode;
                keptThrough = month.getKey();
                keptSubstitutions = Map.copyOf(substitutionEpisodes);
            }
        }
        List<Alerted<HubReroutingJudge.Finding>> send = new ArrayList<>();
        List<Alerted<HubReroutingJudge.Finding>> alerted =
                new Revisions<HubReroutingJudge.Finding>(
                                f -> alertId(restriction, f),
                                (a, b) ->
                                        AlertContent.same(
                                                alert(restriction, a), alert(restriction, b)),
                                HubReroutingDetector::monthlyRevision)
                        .revise(
                                judged == null ? List.of() : judged.alerted(),
                                found,
                                f -> lastJudged != null && !f.month().isAfter(lastJudged),
                                f -> through == null || f.month().isAfter(through),
                                send);
        YearMonth finalMonth = keptThrough;
        String ongoing = kept == null ? null : alertId(restriction, kept);
        List<Alerted<RouteFinding>> sendSubstitutions = new ArrayList<>();
        List<Alerted<RouteFinding>> alertedSubstitutions =
                new Revisions<RouteFinding>(
                                SubstitutionFlowAlerts::alertId,
                                (a, b) ->
                                        AlertContent.same(
                                                substitutionAlert(restriction, a),
                                                substitutionAlert(restriction, b)),
                                SubstitutionFlowAlerts::monthlyRevision)
                        .revise(
                                judged == null ? List.of() : judged.substitutions(),
                                substituted,
                                f -> lastJudged != null && !f.finding().month().isAfter(lastJudged),
                                f -> through == null || f.finding().month().isAfter(through),
                                sendSubstitutions);
        Map<String, SubstitutionFlowJudge.Episode> ongoingSubstitutions = keptSubstitutions;
        judgedPairs.put(
                pair,
                new JudgedPair(
                        finalMonth == null ? null : finalMonth.toString(),
                        alerted.stream()
                                .filter(
                                        a ->
                                                finalMonth == null
                                                        || a.finding().month().isAfter(finalMonth)
                                                        || alertId(restriction, a.finding())
                                                                .equals(ongoing))
                                .toList(),
                        keptSubstitutions,
                        alertedSubstitutions.stream()
                                .filter(
                                        a ->
                                                finalMonth == null
                                                        || a.finding()
                                                                .finding()
                                                                .month()
                                                                .isAfter(finalMonth)
                                                        || a.finding()
                                                                .finding()
                                                                .episode()
                                                                .equals(
                                                                        ongoingSubstitutions.get(
                                                                                a.finding()
                                                                                        .episodeKey())))
                                .toList()));
        if (kept != null) {
            episodes.put(pair, kept);
        }
        keys.stream()
                .filter(k -> finalMonth != null && !PairMonth.parse(k).month().isAfter(finalMonth))
                .forEach(legs::delete);
        for (Alerted<HubReroutingJudge.Finding> a : send) {
            Alert alert = alert(restriction, a);
            context.forward(new Record<>(pair, alert, alert.getDetectedAt().toEpochMilli()));
        }
        for (Alerted<RouteFinding> a : sendSubstitutions) {
            Alert alert =
                    SubstitutionFlowAlerts.alert(a, restriction.since(), restriction.reference());
            context.forward(new Record<>(pair, alert, alert.getDetectedAt().toEpochMilli()));
        }
    }

    /**
     * Judges {@code month}'s substitutions on the pair's routes from O (to D, and to each hub) for
     * each watch code with a leg there, against the controlled commodity on the same route; the
     * control's date is the pair's. Adds what it finds and moves the episodes on.
     */
    private void judgeSubstitutions(
            RestrictedPair restriction,
            YearMonth month,
            HubReroutingJudge.PairLegs pairLegs,
            Map<String, Map<String, MonthlySeries>> watchLegs,
            Map<String, SubstitutionFlowJudge.Episode> episodes,
            double materialKg,
            List<RouteFinding> found) {
        watchLegs.forEach(
                (to, codes) -> {
                    MonthlySeries controlled =
                            to.equals(restriction.destination())
                                    ? pairLegs.direct()
                                    : pairLegs.toHub().get(to);
                    codes.forEach(
                            (code, watch) -> {
                                String key = RouteFinding.episodeKey(to, code);
                                SubstitutionFlowJudge.judge(
                                                month,
                                                YearMonth.from(restriction.since()),
                                                controlled,
                                                watch,
                                                episodes.get(key),
                                                t.substitution(),
                                                materialKg)
                                        .ifPresent(
                                                f -> {
                                                    episodes.put(key, f.episode());
                                                    found.add(
                                                            new RouteFinding(
                                                                    restriction.commodity(),
                                                                    restriction.origin(),
                                                                    to,
                                                                    code,
                                                                    f));
                                                });
                            });
                });
    }

    private static Alert substitutionAlert(RestrictedPair pair, RouteFinding finding) {
        return SubstitutionFlowAlerts.alert(finding, pair.since(), pair.reference());
    }

    /** A month's watch-code legs: per route's destination, per watched prefix. */
    private static Map<String, Map<String, MonthlySeries>> watchLegs(List<Leg> legsOfMonth) {
        Map<String, Map<String, MonthlySeries>> byDestination = new TreeMap<>();
        for (Leg leg : legsOfMonth) {
            if (leg.kind() == LegKind.WATCH) {
                String code =
                        WatchCodes.hsPrefixOfRouteLabel(
                                        RouteKey.parse(leg.report().route()).commodity())
                                .orElseThrow();
                byDestination
                        .computeIfAbsent(leg.hub(), h -> new TreeMap<>())
                        .merge(code, leg.report().series(), MonthlySeries::plus);
            }
        }
        return byDestination;
    }

    /** A month's legs as the judge takes them: the direct flow, and per hub in and out. */
    private static HubReroutingJudge.PairLegs pairLegs(List<Leg> legsOfMonth) {
        MonthlySeries direct = null;
        Map<String, MonthlySeries> toHub = new TreeMap<>();
        Map<String, MonthlySeries> fromHub = new TreeMap<>();
        for (Leg leg : legsOfMonth) {
            MonthlySeries series = leg.report().series();
            switch (leg.kind()) {
                case DIRECT -> direct = direct == null ? series : direct.plus(series);
                case TO_HUB -> toHub.merge(leg.hub(), series, MonthlySeries::plus);
                case FROM_HUB -> fromHub.merge(leg.hub(), series, MonthlySeries::plus);
                case WATCH -> {} // judged by judgeSubstitutions
            }
        }
        return new HubReroutingJudge.PairLegs(direct, toHub, fromHub);
    }

    /** An episode's monthly updates are numbered by month: 1 the month it was first called. */
    static int monthlyRevision(HubReroutingJudge.Finding finding) {
        return (int)
                        YearMonth.parse(finding.episode().firstCalled())
                                .until(finding.month(), ChronoUnit.MONTHS)
                + 1;
    }

    private static String alertId(RestrictedPair pair, HubReroutingJudge.Finding finding) {
        return alertId(pair, finding.episode());
    }

    /**
     * {@code REROUTING_SUSPECTED:antimony|CN|US:2024-12}; a collapse from the listed date, {@code
     * VOLUME_COLLAPSE:germanium|CN|CN|US:2024-12:listed} (the route judge's undated collapses of
     * the same route have no suffix).
     */
    private static String alertId(RestrictedPair pair, HubReroutingJudge.Episode episode) {
        return episode.isCollapse()
                ? AlertId.of(
                        AlertType.VOLUME_COLLAPSE,
                        directRoute(pair).asString(),
                        episode.changeMonth(),
                        "listed")
                : AlertId.of(AlertType.REROUTING_SUSPECTED, pairKey(pair), episode.changeMonth());
    }

    /** The pair's direct flow as a route: goods of origin O exported from O to D. */
    private static RouteKey directRoute(RestrictedPair pair) {
        return new RouteKey(pair.commodity(), pair.origin(), pair.origin(), pair.destination());
    }

    private static YearMonth monthOf(Instant instant) {
        return YearMonth.from(instant.atZone(ZoneOffset.UTC));
    }

    /** The alert of {@code alerted}: its revision, and when withdrawn, its last evidence. */
    static Alert alert(RestrictedPair pair, Alerted<HubReroutingJudge.Finding> alerted) {
        return alerted.stamp(alert(pair, alerted.finding()), Alerted.LATE_SHIPMENTS);
    }

    /** The episode's alert as of {@code finding}'s month: the same id for every update. */
    static Alert alert(RestrictedPair pair, HubReroutingJudge.Finding finding) {
        return finding.episode().isCollapse() ? collapse(pair, finding) : rerouting(pair, finding);
    }

    /** A collapse of the pair's direct flow from its listed date, no hub taking it up. */
    private static Alert collapse(RestrictedPair pair, HubReroutingJudge.Finding finding) {
        HubReroutingJudge.Episode episode = finding.episode();
        PooledChange direct = finding.direct();
        Map<String, Double> evidence = new LinkedHashMap<>();
        Evidence.OBSERVED_KG.put(evidence, direct.pooledMeanKg());
        Evidence.BASELINE_KG.put(evidence, direct.baselineMeanKg());
        Evidence.OBSERVED_SHIPMENTS.put(evidence, direct.pooledMeanCount());
        Evidence.BASELINE_SHIPMENTS.put(evidence, direct.baselineMeanCount());
        Evidence.POOLED_MONTHS.put(evidence, (double) direct.pooledMonths());
        Evidence.BASELINE_MONTHS.put(evidence, (double) direct.baselineMonths());
        Evidence.P_VALUE.put(evidence, direct.countP());
        Evidence.WEIGHT_P_VALUE.put(evidence, direct.weightP());
        Evidence.MONTHS_TO_DETECT.put(
                evidence,
                (double)
                        (episode.start()
                                        .until(
                                                YearMonth.parse(episode.firstCalled()),
                                                ChronoUnit.MONTHS)
                                + 1));
        Map<String, String> details = new LinkedHashMap<>();
        Detail.MONTH.put(details, episode.changeMonth());
        Detail.JUDGED_MONTH.put(details, finding.month().toString());
        Detail.FIRST_CALLED.put(details, episode.firstCalled());
        Detail.REVISION.put(details, String.valueOf(monthlyRevision(finding)));
        Detail.METHOD.put(details, "event study from the control list's date " + pair.since());
        Detail.RESTRICTED_SINCE.put(details, pair.since().toString());
        Detail.RESTRICTION.put(details, pair.reference());
        YearMonth start = episode.start();
        Instant windowStart = Months.start(start);
        Instant end = Months.end(finding.month());
        String period =
                start.equals(finding.month()) ? start.toString() : start + ".." + finding.month();
        return Alert.newBuilder()
                .setAlertId(alertId(pair, finding))
                .setType(AlertType.VOLUME_COLLAPSE.name())
                .setSeverity(Severity.WARNING)
                .setCommodity(pair.commodity())
                .setOriginCountry(pair.origin())
                .setExportCountry(pair.origin())
                .setImportCountry(pair.destination())
                .setHubCountries(List.of())
                .setWindowStart(windowStart)
                .setWindowEnd(end)
                .setDetectedAt(end)
                .setSummary(
                        String.format(
                                "%s %s→%s: %,.1f t a month in %s against %,.1f t in the %d months"
                                        + " before the control list's date %s (%,.1f against %,.1f"
                                        + " declarations a month); no hub took it up.",
                                pair.commodity(),
                                pair.origin(),
                                pair.destination(),
                                direct.pooledMeanKg() / 1000,
                                period,
                                direct.baselineMeanKg() / 1000,
                                direct.baselineMonths(),
                                pair.since(),
                                direct.pooledMeanCount(),
                                direct.baselineMeanCount()))
                .setEvidence(evidence)
                .setDetails(details)
                .setShipmentIds(List.of())
                .setLicenseId(null)
                .build();
    }

    private static Alert rerouting(RestrictedPair pair, HubReroutingJudge.Finding finding) {
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
        Detail.REVISION.put(details, String.valueOf(monthlyRevision(finding)));
        Detail.METHOD.put(
                details,
                episode.dated()
                        ? "event study from the control list's date " + pair.since()
                        : "change point");
        Detail.HUBS.put(details, String.join(",", hubsNow));
        Instant windowStart = Months.start(start);
        Instant end = Months.end(finding.month());
        String period = covered == 1 ? start.toString() : start + ".." + finding.month();
        return Alert.newBuilder()
                .setAlertId(alertId(pair, finding))
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
