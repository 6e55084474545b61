package io.lodestone.ingest;

import io.lodestone.avro.License;
import io.lodestone.avro.Shipment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

import java.time.Duration;
import java.time.Instant;

/**
 * Event time is the declaration's {@code eventTime}, whatever timestamp the producer set, so a replay
 * of history computes the same windows as live arrival. A record the validator will reject keeps the
 * partition's time, so it cannot move stream time: one declaration dated 2099 would otherwise make
 * every later shipment "late".
 */
public final class EventTimeExtractor implements TimestampExtractor {

    /** How far past the wall clock an event time may be (clock skew between customs systems). */
    public static final Duration MAX_FUTURE = Duration.ofDays(1);

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Object value = record.value();
        Instant eventTime = null;
        if (value instanceof Shipment shipment) {
            eventTime = shipment.getEventTime();
        } else if (value instanceof License license) {
            eventTime = license.getEventTime();
        }
        if (eventTime == null || isInTheFuture(eventTime)) {
            return Math.max(partitionTime, 0);
        }
        return eventTime.toEpochMilli();
    }

    public static boolean isInTheFuture(Instant eventTime) {
        return eventTime.isAfter(Instant.now().plus(MAX_FUTURE));
    }
}
