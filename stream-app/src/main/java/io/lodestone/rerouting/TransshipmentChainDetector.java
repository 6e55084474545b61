package io.lodestone.rerouting;

import io.lodestone.alerts.AlertSink;
import io.lodestone.alerts.AlertType;
import io.lodestone.alerts.Detail;
import io.lodestone.alerts.Evidence;
import io.lodestone.alerts.ShipmentAlerts;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Severity;
import io.lodestone.avro.Shipment;
import io.lodestone.reference.CompanyNames;
import io.lodestone.reference.ControlList.RestrictedPair;
import io.lodestone.reference.ReferenceData;
import io.lodestone.revision.Alerted;
import io.lodestone.state.ShipmentFacts;
import io.lodestone.watermark.Upstream;
import io.lodestone.watermark.WatermarkTracker;
import io.lodestone.watermark.Watermarked;
import io.lodestone.watermark.Watermarks;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;
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

/**
 * TRANSSHIPMENT_CHAIN: a company in hub H received a commodity from a restricted origin O (leg 1,
 * O→H) and, within {@code window}, exported a similar quantity of it to D (leg 2, H→D), where (O,
 * D, commodity) is restricted. Legs meet on commodity + hub + the company's normalised name (case,
 * punctuation and legal suffixes do not matter): leg 1's consignee is leg 2's exporter. Quantities
 * match when leg 2 is within {@code tolerance} of leg 1 (0.25: ±25%).
 *
 * <p>An outbound leg is judged once the watermark of all input partitions is {@code judgeAfter}
 * past it, against every inbound leg of the window: it is reported with the earliest inbound leg
 * that matches. Judging by the watermark rather than as legs meet makes a replay at full speed,
 * whose partitions run months apart, report exactly what live arrival reports. Inbound legs may
 * still come until the watermark is {@code lateness} past them: until then a judged outbound leg is
 * kept, and an inbound leg that comes late and is now its earliest match reports the chain (its
 * first alert, or the next revision of it). So any arrival order ends in the chains of the ordered
 * one; late data only adds legs, so a chain is never withdrawn.
 */
public final class TransshipmentChainDetector
        implements Processor<String, Watermarked<ShipmentFacts>, String, Alert> {

    /**
     * Inbound legs by {@code chainKey@time@shipmentId}: one company's legs are a key range in time
     * order.
     */
    static final String INBOUND_STORE = "chain-inbound-legs";

    /**
     * Outbound legs awaiting judgement by {@code time@chainKey@shipmentId}: judged in time order.
     */
    static final String OUTBOUND_STORE = "chain-outbound-legs";

    /**
     * Outbound legs judged but not final, by {@code chainKey@time@shipmentId}, with the inbound leg
     * they were reported with.
     */
    static final String JUDGED_STORE = "chain-judged-outbound-legs";

    static final String WATERMARKS = "chain-watermarks";

    private final ReferenceData reference;
    private final Duration window;
    private final Duration lateness;
    private final Duration judgeAfter;
    private final double tolerance;
    private final int inputPartitions;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, ShipmentFacts> inbound;
    private KeyValueStore<String, ShipmentFacts> outbound;
    private KeyValueStore<String, JudgedOutbound> judged;
    private WatermarkTracker watermark;

    TransshipmentChainDetector(
            ReferenceData reference, ChainSettings settings, int inputPartitions) {
        this.reference = reference;
        this.window = settings.window();
        this.lateness = settings.lateness();
        this.judgeAfter = settings.judgeAfter();
        this.tolerance = settings.tolerance();
        this.inputPartitions = inputPartitions;
    }

    record Chain(ShipmentFacts inbound, ShipmentFacts outbound) {}

    /**
     * Chains within the settings' window and tolerance, legs kept for their lateness. {@code
     * shipmentSerde}: how chain legs were written before {@link ShipmentFacts}, for records still
     * in flight or in the stores after an upgrade.
     */
    public static void build(
            StreamsBuilder builder,
            Upstream<Shipment> shipmentInput,
            ReferenceData reference,
            ChainSettings settings,
            Serde<Shipment> shipmentSerde,
            AlertSink alerts) {
        Serde<ShipmentFacts> legSerde = ShipmentFacts.serde(shipmentSerde.deserializer());
        KStream<String, Shipment> shipments = shipmentInput.stream();
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(INBOUND_STORE), Serdes.String(), legSerde));
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(OUTBOUND_STORE), Serdes.String(), legSerde));
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(JUDGED_STORE),
                        Serdes.String(),
                        JudgedOutbound.serde()));
        builder.addStateStore(WatermarkTracker.store(WATERMARKS));
        // Only what the judge reads travels on: the leg's facts, not the whole declaration.
        KStream<String, ShipmentFacts> inboundLegs =
                shipments
                        .filter((id, s) -> isInbound(reference, s), Named.as("chain-inbound-legs"))
                        .map(
                                (id, s) ->
                                        leg(
                                                reference,
                                                s,
                                                s.getImportCountry(),
                                                s.getConsigneeName()),
                                Named.as("chain-key-by-consignee"));
        KStream<String, ShipmentFacts> outboundLegs =
                shipments
                        .filter(
                                (id, s) -> isOutbound(reference, s),
                                Named.as("chain-outbound-legs"))
                        .map(
                                (id, s) ->
                                        leg(
                                                reference,
                                                s,
                                                s.getExportCountry(),
                                                s.getExporterName()),
                                Named.as("chain-key-by-exporter"));
        Upstream<Watermarked<ShipmentFacts>> legs =
                Watermarks.repartition(
                        new Upstream<>(
                                inboundLegs.merge(outboundLegs, Named.as("chain-legs")),
                                shipmentInput.tasks()),
                        "chain-legs",
                        legSerde,
                        settings.idleTimeout());
        alerts.send(
                legs.stream()
                        .process(
                                () ->
                                        new TransshipmentChainDetector(
                                                reference, settings, legs.tasks()),
                                Named.as("judge-transshipment-chains"),
                                INBOUND_STORE,
                                OUTBOUND_STORE,
                                JUDGED_STORE,
                                WATERMARKS));
    }

    private static boolean isInbound(ReferenceData reference, Shipment s) {
        return !s.getImportCountry().equals(s.getOriginCountry())
                && reference
                        .controlList()
                        .restrictsOrigin(s.getOriginCountry(), commodity(reference, s.getHsCode()));
    }

    private static boolean isOutbound(ReferenceData reference, Shipment s) {
        return !s.getExportCountry().equals(s.getImportCountry())
                && reference
                        .controlList()
                        .restrictsDestination(
                                s.getImportCountry(), commodity(reference, s.getHsCode()));
    }

    /** The leg keyed by its chain: the commodity, the hub and the hub company's name. */
    private static KeyValue<String, ShipmentFacts> leg(
            ReferenceData reference, Shipment s, String hub, String company) {
        return KeyValue.pair(
                ChainKeys.chain(commodity(reference, s.getHsCode()), hub, company),
                ShipmentFacts.of(s));
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.inbound = context.getStateStore(INBOUND_STORE);
        this.outbound = context.getStateStore(OUTBOUND_STORE);
        this.judged = context.getStateStore(JUDGED_STORE);
        this.watermark = new WatermarkTracker(context.getStateStore(WATERMARKS), inputPartitions);
    }

    @Override
    public void process(Record<String, Watermarked<ShipmentFacts>> record) {
        if (record.value() instanceof Watermarked.Mark<ShipmentFacts> mark) {
            long before = watermark.current().orElse(Long.MIN_VALUE);
            watermark
                    .advance(mark)
                    .ifPresent(
                            time -> {
                                judgeOutboundLegsUpTo(time - judgeAfter.toMillis());
                                if (before == Long.MIN_VALUE
                                        || YearMonth.from(instant(time).atZone(ZoneOffset.UTC))
                                                .isAfter(
                                                        YearMonth.from(
                                                                instant(before)
                                                                        .atZone(ZoneOffset.UTC)))) {
                                    expireBefore(
                                            inbound,
                                            time - lateness.toMillis() - window.toMillis(),
                                            ShipmentFacts::time);
                                    expireBefore(
                                            judged,
                                            time - lateness.toMillis(),
                                            j -> j.leg().time());
                                }
                            });
            return;
        }
        ShipmentFacts leg = ((Watermarked.Data<ShipmentFacts>) record.value()).value();
        long time = leg.time();
        // A shipment may be a leg of two chains, sent once per key. The key's hub says which: an
        // inbound leg is keyed by its importing country, an outbound one by its exporting country,
        // and the two differ for an outbound leg.
        if (ChainKeys.hubOf(record.key()).equals(leg.importCountry())) {
            inbound.put(ChainKeys.inChain(record.key(), time, leg.shipmentId()), leg);
            judgeAgainAfter(record.key(), leg);
            return;
        }
        String judgedKey = ChainKeys.inChain(record.key(), time, leg.shipmentId());
        JudgedOutbound was = judged.get(judgedKey);
        if (was != null) {
            // an amendment of a leg already judged
            judgeAgain(record.key(), judgedKey, was, leg);
        } else {
            outbound.put(ChainKeys.outbound(time, record.key(), leg.shipmentId()), leg);
            OptionalLong mark = watermark.current();
            if (mark.isPresent() && time <= mark.getAsLong() - judgeAfter.toMillis()) {
                // came after its time to be judged
                judgeOutboundLegsUpTo(mark.getAsLong() - judgeAfter.toMillis());
            }
        }
    }

    /**
     * The outbound legs already judged that a late or amended inbound leg may now be the earliest
     * match of, or change the chain of, judged again.
     */
    private void judgeAgainAfter(String chainKey, ShipmentFacts in) {
        OptionalLong mark = watermark.current();
        if (mark.isEmpty() || in.time() > mark.getAsLong()) {
            // Legs are judged only once the watermark, which never goes back, has passed them: none
            // at or after this one's time is judged yet, and the seek (a RocksDB range over every
            // judged leg of the revision window) is skipped for nearly every leg of a live feed.
            return;
        }
        List<KeyValue<String, JudgedOutbound>> after = new ArrayList<>();
        try (KeyValueIterator<String, JudgedOutbound> legs =
                judged.range(
                        ChainKeys.inChainFrom(chainKey, in.time()),
                        ChainKeys.inChainUpTo(chainKey, in.time() + window.toMillis()))) {
            legs.forEachRemaining(after::add);
        }
        for (KeyValue<String, JudgedOutbound> out : after) {
            judgeAgain(chainKey, out.key, out.value, out.value.leg());
        }
    }

    /**
     * Judges the outbound leg {@code out} (as {@code was} judged, or amended since) again: a chain
     * that is new or changed (another inbound leg, or amended figures) is reported as the next
     * revision, one no longer found is withdrawn.
     */
    private void judgeAgain(
            String chainKey, String judgedKey, JudgedOutbound was, ShipmentFacts out) {
        Optional<Chain> chain = firstMatch(chainKey, out);
        int next = was.revision() + 1;
        if (chain.isPresent()) {
            ShipmentFacts in = chain.get().inbound();
            boolean same =
                    in.shipmentId().equals(was.inboundId())
                            && (was.inbound() == null || in.equals(was.inbound()))
                            && out.equals(was.leg());
            if (!same) {
                report(chainKey, chain.get(), next);
                judged.put(judgedKey, new JudgedOutbound(out, in.shipmentId(), next, in));
            }
        } else if (was.inbound() != null) {
            Alert withdrawn =
                    new Alerted<>(was, next, true)
                            .stamp(
                                    alert(reference, new Chain(was.inbound(), was.leg()), next),
                                    "an amended leg no longer makes this chain.");
            context.forward(new Record<>(chainKey, withdrawn, out.time()));
            judged.put(judgedKey, new JudgedOutbound(out, null, next, null));
        } else {
            judged.put(judgedKey, new JudgedOutbound(out, null, was.revision(), null));
        }
    }

    private void report(String chainKey, Chain chain, int revision) {
        context.forward(
                new Record<>(chainKey, alert(reference, chain, revision), chain.outbound().time()));
    }

    private void judgeOutboundLegsUpTo(long cutoff) {
        if (cutoff < 0) {
            return; // no partition has seen a shipment yet
        }
        List<KeyValue<String, ShipmentFacts>> due = new ArrayList<>();
        try (KeyValueIterator<String, ShipmentFacts> pending =
                outbound.range(ChainKeys.outboundFrom(0), ChainKeys.outboundUpTo(cutoff))) {
            pending.forEachRemaining(due::add);
        }
        for (KeyValue<String, ShipmentFacts> leg : due) {
            String chainKey = ChainKeys.chainOfOutbound(leg.key);
            Optional<Chain> chain = firstMatch(chainKey, leg.value);
            chain.ifPresent(c -> report(chainKey, c, 1));
            outbound.delete(leg.key);
            if (lateness.compareTo(judgeAfter) > 0) {
                // an earlier inbound leg may still come
                judged.put(
                        ChainKeys.inChain(chainKey, leg.value.time(), leg.value.shipmentId()),
                        new JudgedOutbound(
                                leg.value,
                                chain.map(c -> c.inbound().shipmentId()).orElse(null),
                                chain.isPresent() ? 1 : 0,
                                chain.map(Chain::inbound).orElse(null)));
            }
        }
    }

    /**
     * The earliest inbound leg of the window before {@code out} that goes around a restriction with
     * a similar quantity.
     */
    private Optional<Chain> firstMatch(String chainKey, ShipmentFacts out) {
        long to = out.time();
        try (KeyValueIterator<String, ShipmentFacts> legs =
                inbound.range(
                        ChainKeys.inChainFrom(chainKey, Math.max(0, to - window.toMillis())),
                        ChainKeys.inChainUpTo(chainKey, to))) {
            while (legs.hasNext()) {
                Chain chain = new Chain(legs.next().value, out);
                if (restriction(reference, chain).isPresent() && similar(chain, tolerance)) {
                    return Optional.of(chain);
                }
            }
        }
        return Optional.empty();
    }

    private static <V> void expireBefore(
            KeyValueStore<String, V> store, long cutoff, ToLongFunction<V> time) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, V> all = store.all()) {
            all.forEachRemaining(
                    kv -> {
                        if (time.applyAsLong(kv.value) < cutoff) {
                            expired.add(kv.key);
                        }
                    });
        }
        expired.forEach(store::delete);
    }

    private static Instant instant(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis);
    }

    private static String commodity(ReferenceData reference, String hsCode) {
        return reference.catalogue().commodityOf(hsCode).orElseThrow();
    }

    /** The restriction the chain goes around: inbound's origin to outbound's destination. */
    private static Optional<RestrictedPair> restriction(ReferenceData reference, Chain c) {
        ShipmentFacts out = c.outbound();
        return reference
                .controlList()
                .restrictionFor(
                        c.inbound().originCountry(),
                        out.importCountry(),
                        commodity(reference, out.hsCode()),
                        out.eventTime().atZone(ZoneOffset.UTC).toLocalDate());
    }

    private static boolean similar(Chain c, double tolerance) {
        double in = c.inbound().netWeightKg();
        return Math.abs(c.outbound().netWeightKg() - in) <= tolerance * in;
    }

    private static Alert alert(ReferenceData reference, Chain c, int revision) {
        ShipmentFacts in = c.inbound();
        ShipmentFacts out = c.outbound();
        String commodity = commodity(reference, out.hsCode());
        String exporter = out.exporterName();
        RestrictedPair pair = restriction(reference, c).orElseThrow();
        double days = Duration.between(in.eventTime(), out.eventTime()).toHours() / 24.0;
        return ShipmentAlerts.builder(
                        AlertType.TRANSSHIPMENT_CHAIN,
                        Severity.WARNING,
                        commodity,
                        out,
                        String.format(
                                "%s in %s received %,.1f t of %s from %s (%s) and shipped %,.1f t"
                                    + " to %s %.0f days later (%s); %s→%s is restricted since %s.",
                                exporter,
                                out.exportCountry(),
                                in.netWeightKg() / 1000,
                                commodity,
                                in.originCountry(),
                                in.shipmentId(),
                                out.netWeightKg() / 1000,
                                out.importCountry(),
                                days,
                                out.shipmentId(),
                                pair.origin(),
                                pair.destination(),
                                pair.since()),
                        Map.of(
                                Evidence.INBOUND_NET_WEIGHT_KG.key(),
                                in.netWeightKg(),
                                Evidence.OUTBOUND_NET_WEIGHT_KG.key(),
                                out.netWeightKg(),
                                Evidence.WEIGHT_RATIO.key(),
                                out.netWeightKg() / in.netWeightKg(),
                                Evidence.DAYS_BETWEEN.key(),
                                days),
                        Map.of(
                                Detail.COMPANY.key(),
                                CompanyNames.normalise(exporter),
                                Detail.INBOUND_CONSIGNEE.key(),
                                in.consigneeName(),
                                Detail.OUTBOUND_EXPORTER.key(),
                                exporter,
                                Detail.RESTRICTED_SINCE.key(),
                                pair.since().toString(),
                                Detail.REVISION.key(),
                                String.valueOf(revision)))
                .setOriginCountry(in.originCountry())
                .setHubCountries(List.of(out.exportCountry()))
                .setWindowStart(in.eventTime().truncatedTo(java.time.temporal.ChronoUnit.DAYS))
                .setShipmentIds(List.of(in.shipmentId(), out.shipmentId()))
                .build();
    }
}
