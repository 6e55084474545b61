package io.lodestone.ingest;

import io.lodestone.avro.License;
import io.lodestone.avro.Shipment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is the declaration's {@code eventTime}, whatever timestamp the producer set, so a replay
 * of history computes the same windows as live arrival. A record without one (a null value, which
 * the validator rejects) keeps the broker timestamp.
 */
public final class EventTimeExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Object value = record.value();
        if (value instanceof Shipment shipment) {
            return shipment.getEventTime().toEpochMilli();
        }
        if (value instanceof License license) {
            return license.getEventTime().toEpochMilli();
        }
        return record.timestamp() >= 0 ? record.timestamp() : partitionTime;
    }
}
