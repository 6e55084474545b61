package io.lodestone.ingest;

import io.lodestone.avro.Shipment;
import io.lodestone.metrics.PipelineMetrics;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a shipment that arrives after its daily window has closed: window end + grace is at or
 * before the stream time of the input partition it came from. Lateness is judged here, before the
 * repartition by route, because each input partition is in its producer's order: a replay of
 * history at full speed then drops exactly what live arrival drops, however the partitions
 * interleave later. Dropped shipments are logged and counted in {@code
 * lodestone_shipments_total{outcome="late"}}.
 */
public final class LateShipmentFilter implements FixedKeyProcessor<String, Shipment, Shipment> {

    private static final Logger log = LoggerFactory.getLogger(LateShipmentFilter.class);

    private final long windowMs;
    private final long graceMs;
    private FixedKeyProcessorContext<String, Shipment> context;

    private LateShipmentFilter(Duration window, Duration grace) {
        this.windowMs = window.toMillis();
        this.graceMs = grace.toMillis();
    }

    public static KStream<String, Shipment> build(
            KStream<String, Shipment> shipments, Duration window, Duration grace) {
        return shipments.processValues(
                () -> new LateShipmentFilter(window, grace), Named.as("drop-late-shipments"));
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Shipment> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Shipment> record) {
        long windowEnd =
                record.timestamp() - Math.floorMod(record.timestamp(), windowMs) + windowMs;
        long streamTime = context.currentStreamTimeMs();
        if (windowEnd + graceMs <= streamTime) {
            PipelineMetrics.shipment(PipelineMetrics.Outcome.LATE);
            log.warn(
                    "dropping late shipment {}: event time {} is past its window's end + grace ({})"
                            + " at stream time {}",
                    record.key(),
                    Instant.ofEpochMilli(record.timestamp()),
                    Instant.ofEpochMilli(windowEnd + graceMs),
                    Instant.ofEpochMilli(streamTime));
            return;
        }
        context.forward(record);
    }
}
