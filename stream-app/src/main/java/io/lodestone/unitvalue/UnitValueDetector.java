package io.lodestone.unitvalue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lodestone.alerts.AlertContent;
import io.lodestone.alerts.AlertSink;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Shipment;
import io.lodestone.ingest.Accepted;
import io.lodestone.metrics.PipelineMetrics;
import io.lodestone.reference.ReferenceData;
import io.lodestone.revision.Alerted;
import io.lodestone.revision.LateMonths;
import io.lodestone.revision.Revisions;
import io.lodestone.state.JsonSerde;
import io.lodestone.watermark.Upstream;
import io.lodestone.watermark.WatermarkTracker;
import io.lodestone.watermark.Watermarked;
import io.lodestone.watermark.Watermarks;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unit values in event time: each declaration with a value is kept under its {@link BandCode} and
 * month (repartitioned by {@link CommodityFamilies}, with the input partitions' watermarks), and
 * each month is judged by {@link UnitValueJudge} once the watermark is its end plus the delay.
 *
 * <p>As the route judge does, a month is judged before it is final: a declaration that lands in a
 * month already judged has its band code judged again from that month (every later month's band
 * includes it), at the next watermark or within {@link LateMonths#JUDGE_AGAIN_EVERY} (wall clock).
 * A changed finding is sent as the next revision of its alert, one no longer found withdrawn. A
 * month's declarations are kept until it is final; its price bins, a few hundred bytes, for the 12
 * months the bands of later months read.
 */
public final class UnitValueDetector
        implements Processor<String, Watermarked<Declaration>, String, Alert> {

    /** Each declaration of a month not yet final, by {@link BandCode#declaration}. */
    static final String DECLARATIONS_STORE = "unit-value-declarations";

    /** Each band code's {@link PriceBins} per month, by {@link BandCode#month}. */
    static final String BINS_STORE = "unit-value-bins";

    /** Each band code's findings as last alerted, for months not yet final. */
    static final String ALERTED_STORE = "unit-value-alerted";

    /** The last month judged and the last final month in this task. */
    static final String JUDGED_STORE = "unit-value-judged";

    /** Band codes with declarations that came into months already judged. */
    static final String LATE_STORE = "unit-value-late";

    static final String WATERMARKS = "unit-value-watermarks";

    private static final String LAST_JUDGED = "lastJudged";
    private static final String FINAL_THROUGH = "finalThrough";

    private static final Logger log = LoggerFactory.getLogger(UnitValueDetector.class);

    private final UnitValueJudge judge;
    private final UnitValueAlerts alerts;
    private final UnitValueSettings settings;
    private final int upstreamTasks;
    private final Revisions<UnitValueFinding> revisions;

    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, Declaration> declarations;
    private KeyValueStore<String, PriceBins> bins;
    private KeyValueStore<String, List<Alerted<UnitValueFinding>>> alerted;
    private KeyValueStore<String, String> judged;
    private LateMonths late;
    private WatermarkTracker watermark;
    private YearMonth lastJudged;
    private YearMonth finalThrough;

    UnitValueDetector(ReferenceData reference, UnitValueSettings settings, int upstreamTasks) {
        this.judge = new UnitValueJudge(reference, settings);
        this.alerts = new UnitValueAlerts(reference, settings);
        this.settings = settings;
        this.upstreamTasks = upstreamTasks;
        this.revisions =
                new Revisions<>(
                        UnitValueAlerts::alertId,
                        (a, b) -> AlertContent.same(alerts.alert(a), alerts.alert(b)),
                        f -> 1);
    }

    /**
     * The accepted declarations with a value (an amendment's replaced revision taken back), judged
     * month by month; a declaration without a value (missing or zero) is counted in {@code
     * lodestone_unit_value_skipped_total} and never judged.
     */
    public static void build(
            StreamsBuilder builder,
            Upstream<Accepted> accepted,
            ReferenceData reference,
            UnitValueSettings settings,
            AlertSink alertSink) {
        CommodityFamilies families = new CommodityFamilies(reference);
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(DECLARATIONS_STORE),
                        Serdes.String(),
                        JsonSerde.of(Declaration.class)));
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(BINS_STORE),
                        Serdes.String(),
                        JsonSerde.of(PriceBins.class)));
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(ALERTED_STORE),
                        Serdes.String(),
                        JsonSerde.of(new TypeReference<List<Alerted<UnitValueFinding>>>() {})));
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(JUDGED_STORE),
                        Serdes.String(),
                        Serdes.String()));
        builder.addStateStore(LateMonths.store(LATE_STORE));
        builder.addStateStore(WatermarkTracker.store(WATERMARKS));
        KStream<String, Declaration> valued =
                accepted.stream()
                        .flatMap(
                                (id, a) -> declarations(a, reference),
                                Named.as("unit-value-declarations"));
        Upstream<Watermarked<Declaration>> byFamily =
                Watermarks.repartition(
                        new Upstream<>(valued, accepted.tasks()),
                        "unit-values",
                        JsonSerde.of(Declaration.class),
                        key -> families.of(BandCode.codeOf(key)),
                        settings.idleTimeout());
        alertSink.send(
                byFamily.stream()
                        .process(
                                () -> new UnitValueDetector(reference, settings, byFamily.tasks()),
                                Named.as("judge-unit-values"),
                                DECLARATIONS_STORE,
                                BINS_STORE,
                                ALERTED_STORE,
                                JUDGED_STORE,
                                LATE_STORE,
                                WATERMARKS));
    }

    /** What an accepted declaration adds to (and its replaced revision takes from) the bands. */
    private static List<KeyValue<String, Declaration>> declarations(
            Accepted accepted, ReferenceData reference) {
        List<KeyValue<String, Declaration>> out = new ArrayList<>(2);
        Shipment s = accepted.shipment();
        if (accepted.replaces() != null && Declaration.hasValue(accepted.replaces().valueUsd())) {
            Declaration back = Declaration.retraction(s, accepted.replaces(), reference);
            out.add(KeyValue.pair(BandCode.declaration(back), back));
        }
        if (Declaration.hasValue(s.getValueUsd())) {
            Declaration d = Declaration.of(s, reference);
            out.add(KeyValue.pair(BandCode.declaration(d), d));
        } else {
            PipelineMetrics.unitValueSkipped(s.getValueUsd() == null ? "missing" : "zero");
        }
        return out;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.declarations = context.getStateStore(DECLARATIONS_STORE);
        this.bins = context.getStateStore(BINS_STORE);
        this.alerted = context.getStateStore(ALERTED_STORE);
        this.judged = context.getStateStore(JUDGED_STORE);
        this.late = new LateMonths(context.getStateStore(LATE_STORE));
        this.watermark = new WatermarkTracker(context.getStateStore(WATERMARKS), upstreamTasks);
        this.lastJudged = month(judged.get(LAST_JUDGED));
        this.finalThrough = month(judged.get(FINAL_THROUGH));
        context.schedule(
                LateMonths.JUDGE_AGAIN_EVERY,
                PunctuationType.WALL_CLOCK_TIME,
                now -> judgeLate(late.take()));
    }

    @Override
    public void process(Record<String, Watermarked<Declaration>> record) {
        if (record.value() instanceof Watermarked.Mark<Declaration> mark) {
            OptionalLong moved = watermark.advance(mark);
            if (moved.isPresent()) {
                judgeClosedMonths(Instant.ofEpochMilli(moved.getAsLong()));
            }
            return;
        }
        Declaration d = ((Watermarked.Data<Declaration>) record.value()).value();
        YearMonth month = d.month();
        if (finalThrough != null && !month.isAfter(finalThrough)) {
            // only an input partition idle past the lateness and back with old data gets here
            log.warn(
                    "declaration {} of {} came after its month was final ({} is final): its unit"
                            + " value is not judged",
                    d.shipmentId(),
                    month,
                    finalThrough);
            return;
        }
        Declaration before = declarations.get(record.key());
        if (before != null) {
            count(before, -1);
            declarations.delete(record.key());
        }
        if (!d.retracted()) {
            count(d, 1);
            declarations.put(record.key(), d);
        }
        if (lastJudged != null && !month.isAfter(lastJudged)) {
            late.add(d.bandCode(), month);
        }
    }

    private void count(Declaration d, int count) {
        String key = BandCode.month(d.bandCode(), d.month());
        PriceBins stored = bins.get(key);
        PriceBins next = (stored == null ? PriceBins.empty() : stored).with(d, count);
        if (next.isEmpty()) {
            bins.delete(key);
        } else {
            bins.put(key, next);
        }
    }

    private void judgeClosedMonths(Instant watermarkTime) {
        YearMonth lastClosed = monthOf(watermarkTime.minus(settings.delay())).minusMonths(1);
        if (lastJudged != null && !lastClosed.isAfter(lastJudged)) {
            return;
        }
        YearMonth nowFinal = monthOf(watermarkTime.minus(settings.lateness())).minusMonths(1);
        if (nowFinal.isAfter(lastClosed)) {
            nowFinal = lastClosed;
        }
        if (finalThrough != null && finalThrough.isAfter(nowFinal)) {
            nowFinal = finalThrough;
        }
        Map<String, YearMonth> from = late.take();
        Map<String, Map<YearMonth, List<Declaration>>> open = openDeclarations();
        for (Map.Entry<String, Map<YearMonth, List<Declaration>>> code : open.entrySet()) {
            for (YearMonth month : code.getValue().keySet()) {
                if ((lastJudged == null || month.isAfter(lastJudged))
                        && !month.isAfter(lastClosed)) {
                    from.merge(code.getKey(), month, (a, b) -> a.isBefore(b) ? a : b);
                    break; // months are in order: the first newly closed one
                }
            }
        }
        judge(from, open, lastClosed);
        lastJudged = lastClosed;
        finalThrough = nowFinal;
        judged.put(LAST_JUDGED, lastClosed.toString());
        judged.put(FINAL_THROUGH, nowFinal.toString());
        forget(nowFinal);
    }

    /** Judges again each band code with late declarations, from the earliest month they hit. */
    private void judgeLate(Map<String, YearMonth> from) {
        if (!from.isEmpty() && lastJudged != null) {
            judge(from, openDeclarations(), lastJudged);
        }
    }

    /** Judges each band code of {@code from} from its month up to {@code to}. */
    private void judge(
            Map<String, YearMonth> from,
            Map<String, Map<YearMonth, List<Declaration>>> open,
            YearMonth to) {
        if (from.isEmpty()) {
            return;
        }
        Map<String, Map<YearMonth, PriceBins>> history = allBins();
        YearMonth judgedBefore = lastJudged;
        for (Map.Entry<String, YearMonth> code : from.entrySet()) {
            Map<YearMonth, List<Declaration>> months = open.getOrDefault(code.getKey(), Map.of());
            List<UnitValueFinding> found = new ArrayList<>();
            for (YearMonth m = code.getValue(); !m.isAfter(to); m = m.plusMonths(1)) {
                if (months.containsKey(m)) {
                    found.addAll(judge.judge(code.getKey(), m, months, history));
                }
            }
            YearMonth revisedFrom = code.getValue();
            List<Alerted<UnitValueFinding>> send = new ArrayList<>();
            List<Alerted<UnitValueFinding>> before = alerted.get(code.getKey());
            List<Alerted<UnitValueFinding>> after =
                    revisions.revise(
                            before == null ? List.of() : before,
                            found,
                            f -> judgedBefore != null && !monthOf(f).isAfter(judgedBefore),
                            f -> !monthOf(f).isBefore(revisedFrom),
                            send);
            alerted.put(code.getKey(), after);
            for (Alerted<UnitValueFinding> a : send) {
                Alert alert = alerts.alert(a);
                context.forward(
                        new Record<>(
                                alert.getAlertId(), alert, alert.getWindowEnd().toEpochMilli()));
            }
        }
    }

    /** The declarations of months not yet final: band code → month → declarations. */
    private Map<String, Map<YearMonth, List<Declaration>>> openDeclarations() {
        Map<String, Map<YearMonth, List<Declaration>>> open = new TreeMap<>();
        try (KeyValueIterator<String, Declaration> all = declarations.all()) {
            all.forEachRemaining(
                    kv ->
                            open.computeIfAbsent(kv.value.bandCode(), c -> new TreeMap<>())
                                    .computeIfAbsent(kv.value.month(), m -> new ArrayList<>())
                                    .add(kv.value));
        }
        return open;
    }

    private Map<String, Map<YearMonth, PriceBins>> allBins() {
        Map<String, Map<YearMonth, PriceBins>> all = new TreeMap<>();
        try (KeyValueIterator<String, PriceBins> it = bins.all()) {
            it.forEachRemaining(
                    kv ->
                            all.computeIfAbsent(BandCode.codeOf(kv.key), c -> new TreeMap<>())
                                    .put(BandCode.monthOf(kv.key), kv.value));
        }
        return all;
    }

    /**
     * Drops what no judgement reads any more: findings of final months, declarations older than the
     * months that corroborate the first month not yet final, and bins older than the 12 months
     * before it.
     */
    private void forget(YearMonth nowFinal) {
        YearMonth oldestBand = nowFinal.plusMonths(1).minusMonths(12);
        YearMonth oldestEvidence =
                nowFinal.plusMonths(1).minusMonths(UnitValueJudge.EVIDENCE_MONTHS - 1L);
        List<String> gone = new ArrayList<>();
        try (KeyValueIterator<String, Declaration> all = declarations.all()) {
            all.forEachRemaining(
                    kv -> {
                        if (kv.value.month().isBefore(oldestEvidence)) {
                            gone.add(kv.key);
                        }
                    });
        }
        gone.forEach(declarations::delete);
        gone.clear();
        try (KeyValueIterator<String, PriceBins> all = bins.all()) {
            all.forEachRemaining(
                    kv -> {
                        if (BandCode.monthOf(kv.key).isBefore(oldestBand)) {
                            gone.add(kv.key);
                        }
                    });
        }
        gone.forEach(bins::delete);
        List<KeyValue<String, List<Alerted<UnitValueFinding>>>> kept = new ArrayList<>();
        try (KeyValueIterator<String, List<Alerted<UnitValueFinding>>> all = alerted.all()) {
            all.forEachRemaining(
                    kv ->
                            kept.add(
                                    KeyValue.pair(
                                            kv.key,
                                            kv.value.stream()
                                                    .filter(
                                                            a ->
                                                                    monthOf(a.finding())
                                                                            .isAfter(nowFinal))
                                                    .toList())));
        }
        for (KeyValue<String, List<Alerted<UnitValueFinding>>> kv : kept) {
            if (kv.value.isEmpty()) {
                alerted.delete(kv.key);
            } else {
                alerted.put(kv.key, kv.value);
            }
        }
    }

    private static YearMonth monthOf(UnitValueFinding f) {
        return YearMonth.parse(f.month());
    }

    private static YearMonth monthOf(Instant instant) {
        return YearMonth.from(instant.atZone(ZoneOffset.UTC));
    }

    private static YearMonth month(String stored) {
        return stored == null ? null : YearMonth.parse(stored);
    }
}
