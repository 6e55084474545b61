package io.lodestone.ingest;

import io.lodestone.avro.Shipment;
import io.lodestone.schemas.dlq.DlqReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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
        tooLate(windowMs, graceMs, record.timestamp(), context.currentStreamTimeMs())
                .ifPresent(
                        late -> {
                            throw new InvalidRecordException(
                                    DlqReason.TOO_LATE, "shipment " + record.key() + " of " + late);
                        });
        context.forward(record);
    }

    /**
     * Why a shipment of {@code eventTimeMs} can no longer count at {@code streamTimeMs}: its day's
     * window closed (window end + grace at or before the stream time); empty while it can.
     */
    static Optional<String> tooLate(
            long windowMs, long graceMs, long eventTimeMs, long streamTimeMs) {
        long windowEnd = eventTimeMs - Math.floorMod(eventTimeMs, windowMs) + windowMs;
        if (windowEnd + graceMs > streamTimeMs) {
            return Optional.empty();
        }
        return Optional.of(
                String.format(
                        "%s arrived %s after its day's window [%s, %s) closed at %s (window end +"
                                + " window.grace %s); the stream time of its input partition was"
                                + " %s",
                        Instant.ofEpochMilli(eventTimeMs),
                        Duration.ofMillis(streamTimeMs - windowEnd - graceMs),
                        Instant.ofEpochMilli(windowEnd - windowMs),
                        Instant.ofEpochMilli(windowEnd),
                        Instant.ofEpochMilli(windowEnd + graceMs),
                        Duration.ofMillis(graceMs),
                        Instant.ofEpochMilli(streamTimeMs)));
    }
}
