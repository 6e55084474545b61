package io.lodestone.ingest;

import io.lodestone.avro.Shipment;
import io.lodestone.metrics.PipelineMetrics;
import io.lodestone.schemas.dlq.DlqReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops re-sent declarations and applies amendments: the first shipment with a given id passes, a
 * later one with the same content is dropped while the standing copy is within {@code retention} of
 * stream time; after that the id is forgotten. A later one with a higher {@code revision} is an
 * amendment: it passes with what the copy it replaces had counted ({@link Accepted#replaces}), for
 * the route volumes to take back, unless that copy's day can no longer change ({@code TOO_LATE},
 * the same rule as {@link LateShipmentFilter}). A lower revision goes to the DLQ as {@code
 * SUPERSEDED_REVISION}; the same revision with other content as {@code CONFLICTING_DUPLICATE},
 * naming the fields that differ: an amendment that does not say so and a tampered re-send look the
 * same, and neither may pass silently or vanish. Ids live in a changelogged key-value store (id →
 * {@link FirstCopy}), so this holds across restarts and, under exactly-once, never double counts
 * after a crash. The retention is checked on every lookup, so what is dropped does not depend on
 * when the store was last purged. The purge deletes ids past the retention (tombstones: store and
 * changelog stay bounded whatever the broker's time-based retention does with old event timestamps
 * during a replay); it scans the whole store, so it runs every eighth of the retention in stream
 * time (so the store holds ids at most an eighth of the retention past it: 15 days at the default
 * 121) but at most once per {@link #PURGE_GAP} of wall-clock time: a replay crosses days of stream
 * time per second and would otherwise scan the store several times a second (measured: 18% of the
 * stream thread in bin/benchmark's route-volume phase). {@link SeenIds} answers most lookups
 * without the store: it is built from the store's ids when the task starts (after its state is
 * restored) and again on every purge. Input must be keyed by shipmentId (the validator enforces
 * it), so one task sees every copy.
 */
public final class ShipmentDeduplicator implements FixedKeyProcessor<String, Shipment, Accepted> {

    public static final String STORE = "shipment-ids";

    /** The least wall-clock time between two purges. */
    static final Duration PURGE_GAP = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(ShipmentDeduplicator.class);

    private final long retentionMs;
    private final long windowMs;
    private final long graceMs;
    private KeyValueStore<String, FirstCopy> seen;
    private FixedKeyProcessorContext<String, Accepted> context;
    private long lastPurgeWallClockMs = Long.MIN_VALUE;
    private SeenIds maybeSeen;

    private ShipmentDeduplicator(Duration retention, Duration window, Duration grace) {
        this.retentionMs = retention.toMillis();
        this.windowMs = window.toMillis();
        this.graceMs = grace.toMillis();
    }

    /**
     * {@code window} and {@code grace}: how long a day's volumes can change, as the lateness filter
     * has them.
     */
    public static KStream<String, Accepted> build(
            StreamsBuilder builder,
            KStream<String, Shipment> shipments,
            Duration retention,
            Duration window,
            Duration grace) {
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(STORE), Serdes.String(), FirstCopy.serde()));
        return shipments.processValues(
                () -> new ShipmentDeduplicator(retention, window, grace),
                Named.as("deduplicate-shipments"),
                STORE);
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Accepted> context) {
        this.context = context;
        this.seen = context.getStateStore(STORE);
        this.maybeSeen = new SeenIds();
        try (KeyValueIterator<String, FirstCopy> all = seen.all()) {
            all.forEachRemaining(entry -> maybeSeen.add(entry.key));
        }
        // Purge in stream time, so a replay of years of history purges exactly as live arrival
        // would.
        long interval = Math.max(60_000L, retentionMs / 8);
        context.schedule(
                Duration.ofMillis(interval),
                PunctuationType.STREAM_TIME,
                this::purgeOlderThanRetention);
    }

    @Override
    public void process(FixedKeyRecord<String, Shipment> record) {
        Shipment shipment = record.value();
        FirstCopy standing = maybeSeen.mightContain(record.key()) ? seen.get(record.key()) : null;
        if (standing == null || expired(standing.eventTime(), context.currentStreamTimeMs())) {
            keep(record, shipment);
            context.forward(record.withValue(new Accepted(shipment, null)));
            return;
        }
        int revision = FirstCopy.revisionOf(shipment);
        if (revision > standing.revision() && standing.counted() != null) {
            LateShipmentFilter.tooLate(
                            windowMs, graceMs, standing.eventTime(), context.currentStreamTimeMs())
                    .ifPresent(
                            late -> {
                                throw new InvalidRecordException(
                                        DlqReason.TOO_LATE,
                                        String.format(
                                                "amendment (revision %d) of shipment %s: the"
                                                        + " revision %d it replaces, of %s; that"
                                                        + " revision stands",
                                                revision, record.key(), standing.revision(), late));
                            });
            keep(record, shipment);
            PipelineMetrics.shipment(PipelineMetrics.Outcome.AMENDED);
            context.forward(record.withValue(new Accepted(shipment, standing.counted())));
            return;
        }
        if (revision < standing.revision()) {
            throw new InvalidRecordException(
                    DlqReason.SUPERSEDED_REVISION,
                    String.format(
                            "shipment %s revision %d came after revision %d (offset %d of"
                                    + " partition %d) replaced it; revision %d stands",
                            record.key(),
                            revision,
                            standing.revision(),
                            standing.offset(),
                            partition(),
                            standing.revision()));
        }
        if (!standing.sameContent(shipment)) {
            List<String> differing = standing.differingFields(shipment);
            throw new InvalidRecordException(
                    DlqReason.CONFLICTING_DUPLICATE,
                    String.format(
                            "shipment %s was declared before (offset %d of partition %d) with"
                                    + " other content; this copy differs in %s. The first"
                                    + " declaration stands; an amendment needs a higher revision"
                                    + " (%d)",
                            record.key(),
                            standing.offset(),
                            partition(),
                            differing.isEmpty()
                                    ? "a field its hashes cannot name"
                                    : String.join(", ", differing),
                            standing.revision() + 1));
        }
        log.debug("dropping re-sent shipment {}", record.key());
        PipelineMetrics.shipment(PipelineMetrics.Outcome.DUPLICATE);
    }

    private void keep(FixedKeyRecord<String, Shipment> record, Shipment shipment) {
        long offset = context.recordMetadata().map(m -> m.offset()).orElse(-1L);
        seen.put(record.key(), FirstCopy.of(shipment, offset));
        maybeSeen.add(record.key());
    }

    private int partition() {
        return context.recordMetadata().map(m -> m.partition()).orElse(-1);
    }

    private boolean expired(long firstSeen, long streamTime) {
        return firstSeen < streamTime - retentionMs;
    }

    private void purgeOlderThanRetention(long streamTime) {
        long now = context.currentSystemTimeMs();
        if (lastPurgeWallClockMs != Long.MIN_VALUE
                && now - lastPurgeWallClockMs < PURGE_GAP.toMillis()) {
            return;
        }
        lastPurgeWallClockMs = now;
        List<String> expired = new ArrayList<>();
        SeenIds kept = new SeenIds();
        try (KeyValueIterator<String, FirstCopy> all = seen.all()) {
            while (all.hasNext()) {
                KeyValue<String, FirstCopy> entry = all.next();
                if (expired(entry.value.eventTime(), streamTime)) {
                    expired.add(entry.key);
                } else {
                    kept.add(entry.key);
                }
            }
        }
        expired.forEach(seen::delete);
        maybeSeen = kept;
    }
}
