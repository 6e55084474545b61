package io.lodestone.ingest;

import io.lodestone.avro.Shipment;
import io.lodestone.schemas.dlq.DlqReason;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Refuses a shipment that arrives after its daily window has closed: window end + grace is at or
 * before the stream time of the input partition it came from. Lateness is judged here, before the
 * repartition by route, because each input partition is in its producer's order: a replay of
 * history at full speed then refuses exactly what live arrival refuses, however the partitions
 * interleave later. A refused shipment goes to the DLQ as {@code TOO_LATE}, saying which window it
 * missed and by how much.
 */
public final class LateShipmentFilter implements FixedKeyProcessor<String, Shipment, Shipment> {

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
            throw new InvalidRecordException(
                    DlqReason.TOO_LATE,
                    String.format(
                            "shipment %s of %s arrived %s after its day's window [%s, %s) closed"
                                    + " at %s (window end + window.grace %s); the stream time of"
                                    + " its input partition was %s",
                            record.key(),
                            Instant.ofEpochMilli(record.timestamp()),
                            Duration.ofMillis(streamTime - windowEnd - graceMs),
                            Instant.ofEpochMilli(windowEnd - windowMs),
                            Instant.ofEpochMilli(windowEnd),
                            Instant.ofEpochMilli(windowEnd + graceMs),
                            Duration.ofMillis(graceMs),
                            Instant.ofEpochMilli(streamTime)));
        }
        context.forward(record);
    }
}
