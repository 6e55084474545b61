package io.lodestone.ingest;

import io.lodestone.avro.Shipment;
import io.lodestone.metrics.PipelineMetrics;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops re-sent declarations: the first shipment with a given id passes, later ones are dropped. Ids
 * live in a changelogged key-value store (id → event time), so this holds across restarts and, under
 * exactly-once, never double counts after a crash. Ids older than {@code retention} of stream time
 * are deleted by a stream-time punctuation, which writes tombstones: store and changelog stay bounded
 * whatever the broker's time-based retention does with old event timestamps during a replay.
 * Input must be keyed by shipmentId (the validator enforces it), so one task sees every copy.
 */
public final class ShipmentDeduplicator implements FixedKeyProcessor<String, Shipment, Shipment> {

    public static final String STORE = "shipment-ids";
    private static final Logger log = LoggerFactory.getLogger(ShipmentDeduplicator.class);

    private final long retentionMs;
    private KeyValueStore<String, Long> seen;
    private FixedKeyProcessorContext<String, Shipment> context;

    private ShipmentDeduplicator(Duration retention) {
        this.retentionMs = retention.toMillis();
    }

    public static KStream<String, Shipment> build(StreamsBuilder builder, KStream<String, Shipment> shipments, Duration retention) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.Long()));
        return shipments.processValues(() -> new ShipmentDeduplicator(retention), Named.as("deduplicate-shipments"), STORE);
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Shipment> context) {
        this.context = context;
        this.seen = context.getStateStore(STORE);
        // Purge in stream time, so a replay of years of history purges exactly as live arrival would.
        long interval = Math.max(60_000L, retentionMs / 4);
        context.schedule(Duration.ofMillis(interval), PunctuationType.STREAM_TIME, this::purgeOlderThanRetention);
    }

    @Override
    public void process(FixedKeyRecord<String, Shipment> record) {
        if (seen.get(record.key()) != null) {
            log.debug("dropping re-sent shipment {}", record.key());
            PipelineMetrics.shipment(PipelineMetrics.Outcome.DUPLICATE);
            return;
        }
        seen.put(record.key(), record.timestamp());
        context.forward(record);
    }

    private void purgeOlderThanRetention(long streamTime) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = seen.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> entry = all.next();
                if (entry.value < streamTime - retentionMs) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(seen::delete);
    }
}
