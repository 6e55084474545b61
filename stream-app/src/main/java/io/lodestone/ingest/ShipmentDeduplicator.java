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
 * Drops re-sent declarations: the first shipment with a given id passes, a later one with the same
 * content is dropped while the first is within {@code retention} of stream time; after that the id
 * is forgotten. A later one with other content goes to the DLQ as {@code CONFLICTING_DUPLICATE},
 * naming the fields that differ: an amendment that does not say so and a tampered re-send look the
 * same, and neither may pass silently or vanish. Ids live in a changelogged key-value store (id →
 * {@link FirstCopy}), so this holds across restarts and, under exactly-once, never double counts
 * after a crash. The retention is checked on every lookup, so what is dropped does not depend on
 * when the store was last purged. The purge deletes ids past the retention (tombstones: store and
 * changelog stay bounded whatever the broker's time-based retention does with old event timestamps
 * during a replay); it scans the whole store, so it runs every quarter retention of stream time but
 * at most once per {@link #PURGE_GAP} of wall-clock time: a replay crosses days of stream time per
 * second and would otherwise scan the store several times a second (measured: 18% of the stream
 * thread in bin/benchmark's route-volume phase). {@link SeenIds} answers most lookups without the
 * store: it is built from the store's ids when the task starts (after its state is restored) and
 * again on every purge. Input must be keyed by shipmentId (the validator enforces it), so one task
 * sees every copy.
 */
public final class ShipmentDeduplicator implements FixedKeyProcessor<String, Shipment, Shipment> {

    public static final String STORE = "shipment-ids";

    /** The least wall-clock time between two purges. */
    static final Duration PURGE_GAP = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(ShipmentDeduplicator.class);

    private final long retentionMs;
    private KeyValueStore<String, FirstCopy> seen;
    private FixedKeyProcessorContext<String, Shipment> context;
    private long lastPurgeWallClockMs = Long.MIN_VALUE;
    private SeenIds maybeSeen;

    private ShipmentDeduplicator(Duration retention) {
        this.retentionMs = retention.toMillis();
    }

    public static KStream<String, Shipment> build(
            StreamsBuilder builder, KStream<String, Shipment> shipments, Duration retention) {
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(STORE), Serdes.String(), FirstCopy.serde()));
        return shipments.processValues(
                () -> new ShipmentDeduplicator(retention),
                Named.as("deduplicate-shipments"),
                STORE);
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Shipment> context) {
        this.context = context;
        this.seen = context.getStateStore(STORE);
        this.maybeSeen = new SeenIds();
        try (KeyValueIterator<String, FirstCopy> all = seen.all()) {
            all.forEachRemaining(entry -> maybeSeen.add(entry.key));
        }
        // Purge in stream time, so a replay of years of history purges exactly as live arrival
        // would.
        long interval = Math.max(60_000L, retentionMs / 4);
        context.schedule(
                Duration.ofMillis(interval),
                PunctuationType.STREAM_TIME,
                this::purgeOlderThanRetention);
    }

    @Override
    public void process(FixedKeyRecord<String, Shipment> record) {
        FirstCopy first = maybeSeen.mightContain(record.key()) ? seen.get(record.key()) : null;
        if (first != null && !expired(first.eventTime(), context.currentStreamTimeMs())) {
            if (!first.sameContent(record.value())) {
                List<String> differing = first.differingFields(record.value());
                throw new InvalidRecordException(
                        DlqReason.CONFLICTING_DUPLICATE,
                        String.format(
                                "shipment %s was declared before (offset %d of partition %d) with"
                                        + " other content; this copy differs in %s. The first"
                                        + " declaration stands",
                                record.key(),
                                first.offset(),
                                context.recordMetadata().map(m -> m.partition()).orElse(-1),
                                differing.isEmpty()
                                        ? "a field its hashes cannot name"
                                        : String.join(", ", differing)));
            }
            log.debug("dropping re-sent shipment {}", record.key());
            PipelineMetrics.shipment(PipelineMetrics.Outcome.DUPLICATE);
            return;
        }
        long offset = context.recordMetadata().map(m -> m.offset()).orElse(-1L);
        seen.put(record.key(), FirstCopy.of(record.value(), offset));
        maybeSeen.add(record.key());
        context.forward(record);
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
