package io.lodestone.ingest;

import io.lodestone.avro.License;
import io.lodestone.avro.Shipment;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is the declaration's {@code eventTime}, whatever timestamp the producer set, so a
 * replay of history computes the same windows as live arrival. A record whose event time the
 * validator will reject keeps the partition's time: dated in the future, it would move stream time
 * (one declaration dated 2099 would make every later shipment "late"); dated before 1970, Kafka
 * Streams would drop it (a negative timestamp) with only a log line, where the validator sends it
 * to the DLQ with its reason.
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
        if (eventTime == null || isInTheFuture(eventTime) || isBefore1970(eventTime)) {
            return Math.max(partitionTime, 0);
        }
        return eventTime.toEpochMilli();
    }

    public static boolean isInTheFuture(Instant eventTime) {
        return eventTime.isAfter(Instant.now().plus(MAX_FUTURE));
    }

    /** Before 1970-01-01: a negative timestamp, which Kafka cannot carry. */
    public static boolean isBefore1970(Instant eventTime) {
        return eventTime.isBefore(Instant.EPOCH);
    }
}
