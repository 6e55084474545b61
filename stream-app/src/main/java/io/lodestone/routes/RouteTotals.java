package io.lodestone.routes;

import io.lodestone.avro.Shipment;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;

/**
 * Running totals of one route window. Internal state only (fixed 24-byte encoding), so the aggregate
 * store and its changelog do not go through the schema registry.
 */
public record RouteTotals(double netWeightKg, double valueUsd, long shipmentCount) {

    public static final RouteTotals EMPTY = new RouteTotals(0, 0, 0);
    private static final int SIZE = 3 * Long.BYTES;

    public RouteTotals plus(Shipment shipment) {
        double value = shipment.getValueUsd() == null ? 0 : shipment.getValueUsd();
        return new RouteTotals(netWeightKg + shipment.getNetWeightKg(), valueUsd + value, shipmentCount + 1);
    }

    public static Serde<RouteTotals> serde() {
        Serializer<RouteTotals> serializer = (topic, totals) -> totals == null ? null : ByteBuffer.allocate(SIZE)
                .putDouble(totals.netWeightKg).putDouble(totals.valueUsd).putLong(totals.shipmentCount).array();
        Deserializer<RouteTotals> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new RouteTotals(buffer.getDouble(), buffer.getDouble(), buffer.getLong());
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
