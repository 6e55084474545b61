package io.lodestone.rerouting;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lodestone.alerts.AlertSink;
import io.lodestone.alerts.AlertType;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Severity;
import io.lodestone.reference.ControlList.RestrictedPair;
import io.lodestone.reference.ReferenceData;
import io.lodestone.routes.RouteKey;
import io.lodestone.watermark.WatermarkTracker;
import io.lodestone.watermark.Watermarked;
import io.lodestone.watermark.Watermarks;
import org.apache.kafka.common.serialization.Serde;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * REROUTING_SUSPECTED: for a restricted pair (origin O, destination D, commodity), a month in which the
 * direct flow O→D fell while, for some hub H, both O→H and H→D rose above their three-month means. The
 * alert names the hubs and quantifies the diverted tonnage as the smaller of the two legs' excess (summed
 * over hubs), with the before and after figures of every leg. Closed-month route reports are re-keyed by
 * pair; a pair's month is judged once the watermark of every route judge has passed it, when all its
 * legs are in (a leg that reported nothing had no flow).
 */
public final class HubReroutingDetector implements Processor<String, Watermarked<HubReroutingDetector.Leg>, String, Alert> {

    static final String STORE = "hub-legs";
    static final String WATERMARKS = "hub-watermarks";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Leg>> LEGS = new TypeReference<>() {
    };

    /** One route's month as one leg of a restricted pair: DIRECT (O→D), TO_HUB (O→H) or FROM_HUB (H→D). */
    public record Leg(String kind, String hub, MonthReport report) {
    }

    private final RouteAnomalyDetector.Thresholds t;
    private final int routeJudges;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, String> legs;
    private WatermarkTracker watermark;

    private HubReroutingDetector(RouteAnomalyDetector.Thresholds thresholds, int routeJudges) {
        this.t = thresholds;
        this.routeJudges = routeJudges;
    }

    /** {@code routeJudges}: how many tasks of the route judge send month reports and marks. */
    public static void build(StreamsBuilder builder, KStream<String, Watermarked<MonthReport>> months, int routeJudges, ReferenceData reference,
                             RouteAnomalyDetector.Thresholds thresholds, AlertSink alerts) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.String()));
        builder.addStateStore(WatermarkTracker.store(WATERMARKS));
        alerts.send(months
                .flatMap((route, report) -> report instanceof Watermarked.Mark<MonthReport> mark
                        ? List.of(KeyValue.pair(Watermarks.MARK_KEY, mark.<Leg>retype()))
                        : legsOf(reference, ((Watermarked.Data<MonthReport>) report).value()).stream()
                                .map(leg -> KeyValue.pair(leg.key, Watermarked.data(leg.value))).toList(),
                        Named.as("legs-of-restricted-pairs"))
                .repartition(Watermarks.repartitioned("hub-legs", legSerde(), routeJudges))
                .process(() -> new HubReroutingDetector(thresholds, routeJudges), Named.as("judge-hub-rerouting"), STORE, WATERMARKS));
    }

    /** The pairs a route's month is a leg of, keyed by pair ({@code commodity|O|D}). */
    static List<KeyValue<String, Leg>> legsOf(ReferenceData reference, MonthReport report) {
        RouteKey route = RouteKey.parse(report.route());
        List<KeyValue<String, Leg>> result = new ArrayList<>();
        for (RestrictedPair pair : reference.controlList().restrictedPairs()) {
            if (!pair.commodity().equals(route.commodity()) || report.yearMonth().atEndOfMonth().isBefore(pair.since())) {
                continue;
            }
            String key = pair.commodity() + "|" + pair.origin() + "|" + pair.destination();
            boolean fromOrigin = route.exportCountry().equals(pair.origin());
            boolean toDestination = route.importCountry().equals(pair.destination());
            if (fromOrigin && toDestination) {
                result.add(KeyValue.pair(key, new Leg("DIRECT", null, report)));
            } else if (fromOrigin && !route.importCountry().equals(pair.origin())) {
                result.add(KeyValue.pair(key, new Leg("TO_HUB", route.importCountry(), report)));
            } else if (toDestination && !route.exportCountry().equals(pair.destination())) {
                result.add(KeyValue.pair(key, new Leg("FROM_HUB", route.exportCountry(), report)));
            }
        }
        return result;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.legs = context.getStateStore(STORE);
        this.watermark = new WatermarkTracker(context.getStateStore(WATERMARKS), routeJudges);
    }

    @Override
    public void process(Record<String, Watermarked<Leg>> record) {
        if (record.value() instanceof Watermarked.Mark<Leg> mark) {
            watermark.advance(mark).ifPresent(this::judgeClosedMonths);
            return;
        }
        Leg leg = ((Watermarked.Data<Leg>) record.value()).value();
        String key = record.key() + "@" + leg.report().month();
        List<Leg> stored = read(legs.get(key));
        stored.add(leg);
        legs.put(key, write(stored));
    }

    /** Judges every pair-month whose reports are all in: the route judges report a month at its end plus the delay. */
    private void judgeClosedMonths(long watermarkTime) {
        Instant closedBefore = Instant.ofEpochMilli(watermarkTime).minus(t.delay());
        List<KeyValue<String, String>> complete = new ArrayList<>();
        try (KeyValueIterator<String, String> pending = legs.all()) {
            pending.forEachRemaining(kv -> {
                YearMonth month = YearMonth.parse(kv.key.substring(kv.key.indexOf('@') + 1));
                if (!month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(closedBefore)) {
                    complete.add(kv);
                }
            });
        }
        for (KeyValue<String, String> kv : complete) {
            judge(kv.key.substring(0, kv.key.indexOf('@')), YearMonth.parse(kv.key.substring(kv.key.indexOf('@') + 1)), read(kv.value));
            legs.delete(kv.key);
        }
    }

    private void judge(String pairKey, YearMonth month, List<Leg> legsOfMonth) {
        double[] direct = new double[4];                       // observed kg, baseline kg, observed and baseline shipments
        Map<String, double[]> toHub = new TreeMap<>();         // hub -> the same four
        Map<String, double[]> fromHub = new TreeMap<>();
        for (Leg leg : legsOfMonth) {
            double[] sums = switch (leg.kind()) {
                case "DIRECT" -> direct;
                case "TO_HUB" -> toHub.computeIfAbsent(leg.hub(), h -> new double[4]);
                default -> fromHub.computeIfAbsent(leg.hub(), h -> new double[4]);
            };
            sums[0] += leg.report().observedKg();
            sums[1] += leg.report().baselineKg();
            sums[2] += leg.report().observedShipments();
            sums[3] += leg.report().baselineShipments();
        }
        boolean directFell = direct[1] >= t.minBaselineKg() && direct[0] <= t.hubFallRatio() * direct[1]
                && Poisson.atMost((long) direct[2], direct[3]) < t.hubSignificance();
        if (!directFell) {
            return;
        }
        Map<String, Double> evidence = new LinkedHashMap<>();
        evidence.put("directBeforeKg", direct[1]);
        evidence.put("directAfterKg", direct[0]);
        Map<String, String> details = new LinkedHashMap<>();
        List<String> hubs = new ArrayList<>();
        double diverted = 0;
        for (Map.Entry<String, double[]> in : toHub.entrySet()) {
            double[] out = fromHub.get(in.getKey());
            if (out != null && rose(in.getValue()) && rose(out) && significantRise(in.getValue(), out)) {
                String hub = in.getKey();
                double hubDiverted = Math.min(in.getValue()[0] - in.getValue()[1], out[0] - out[1]);
                hubs.add(hub);
                diverted += hubDiverted;
                evidence.put("toHubBeforeKg." + hub, in.getValue()[1]);
                evidence.put("toHubAfterKg." + hub, in.getValue()[0]);
                evidence.put("fromHubBeforeKg." + hub, out[1]);
                evidence.put("fromHubAfterKg." + hub, out[0]);
                evidence.put("divertedKg." + hub, hubDiverted);
            }
        }
        if (hubs.isEmpty()) {
            return;
        }
        evidence.put("divertedKg", diverted);
        String[] pair = pairKey.split("\\|");
        details.put("month", month.toString());
        details.put("hubs", String.join(",", hubs));
        Instant start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Alert alert = Alert.newBuilder()
                .setAlertId(AlertType.REROUTING_SUSPECTED + ":" + pairKey + ":" + month)
                .setType(AlertType.REROUTING_SUSPECTED.name())
                .setSeverity(Severity.WARNING)
                .setCommodity(pair[0])
                .setOriginCountry(pair[1])
                .setExportCountry(pair[1])
                .setImportCountry(pair[2])
                .setHubCountries(hubs)
                .setWindowStart(start)
                .setWindowEnd(end)
                .setDetectedAt(end)
                .setSummary(String.format("%s %s→%s fell from %,.1f t to %,.1f t a month in %s while flows through %s rose: about %,.1f t diverted.",
                        pair[0], pair[1], pair[2], direct[1] / 1000, direct[0] / 1000, month, String.join(", ", hubs), diverted / 1000))
                .setEvidence(evidence)
                .setDetails(details)
                .setShipmentIds(List.of())
                .setLicenseId(null)
                .build();
        context.forward(new Record<>(pairKey, alert, end.toEpochMilli()));
    }

    private boolean rose(double[] leg) {
        return leg[0] - leg[1] >= t.minSurgeKg() && leg[0] >= t.hubRiseRatio() * leg[1];
    }

    /**
     * Both legs of a hub carry the same diverted goods, so their shipment counts are tested together (a sum
     * of Poisson counts is Poisson): a hub that took a smaller share is still found.
     */
    private boolean significantRise(double[] in, double[] out) {
        return Poisson.rise((long) (in[2] + out[2]), in[3] + out[3]) < t.hubSignificance();
    }

    static Serde<Leg> legSerde() {
        return JsonSerde.of(Leg.class);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Leg> read(String json) {
        try {
            return json == null ? new ArrayList<>() : JSON.readValue(json, LEGS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
