package io.lodestone.ingest;

import io.lodestone.avro.Shipment;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Drops re-sent declarations: the first shipment with a given id passes, later ones with the same id
 * within {@code retention} of event time are dropped. The ids live in a changelogged window store, so
 * this holds across restarts and, under exactly-once, never double counts after a crash.
 * Input must be keyed by shipmentId (the validator enforces it), so one task sees every copy.
 */
public final class ShipmentDeduplicator implements FixedKeyProcessor<String, Shipment, Shipment> {

    public static final String STORE = "shipment-ids";
    private static final Logger log = LoggerFactory.getLogger(ShipmentDeduplicator.class);

    private final long retentionMs;
    private WindowStore<String, Long> seen;
    private FixedKeyProcessorContext<String, Shipment> context;

    private ShipmentDeduplicator(Duration retention) {
        this.retentionMs = retention.toMillis();
    }

    public static KStream<String, Shipment> build(StreamsBuilder builder, KStream<String, Shipment> shipments, Duration retention) {
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(STORE, retention, retention, false), Serdes.String(), Serdes.Long()));
        return shipments.processValues(() -> new ShipmentDeduplicator(retention), Named.as("deduplicate-shipments"), STORE);
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Shipment> context) {
        this.context = context;
        this.seen = context.getStateStore(STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, Shipment> record) {
        long time = record.timestamp();
        try (WindowStoreIterator<Long> earlier = seen.fetch(record.key(), time - retentionMs, time + retentionMs)) {
            if (earlier.hasNext()) {
                log.debug("dropping re-sent shipment {}", record.key());
                return;
            }
        }
        seen.put(record.key(), time, time);
        context.forward(record);
    }
}
