package io.lodestone.routes;

import io.lodestone.avro.Shipment;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Running totals of one route-day, or one shipment's part of them. Internal only (fixed 24-byte
 * encoding): the by-route repartition, the store and its changelog never go through the schema
 * registry.
 */
public record RouteTotals(double netWeightKg, double valueUsd, long shipmentCount) {

    public static final RouteTotals EMPTY = new RouteTotals(0, 0, 0);
    private static final int SIZE = 3 * Long.BYTES;

    /**
     * One shipment's contribution: what travels through the by-route repartition instead of the
     * whole Avro record.
     */
    public static RouteTotals of(Shipment shipment) {
        return new RouteTotals(
                onGrid(shipment.getNetWeightKg()),
                shipment.getValueUsd() == null ? 0 : onGrid(shipment.getValueUsd()),
                1);
    }

    /** What a declaration of {@code netWeightKg} and {@code valueUsd} added, taken back. */
    public static RouteTotals retracted(double netWeightKg, Double valueUsd) {
        return new RouteTotals(-onGrid(netWeightKg), valueUsd == null ? 0 : -onGrid(valueUsd), -1);
    }

    public RouteTotals plus(RouteTotals other) {
        return new RouteTotals(
                onGrid(netWeightKg + other.netWeightKg),
                onGrid(valueUsd + other.valueUsd),
                shipmentCount + other.shipmentCount);
    }

    /**
     * {@code x} on a grid of millionths (of a kilogram, of a dollar). Sums kept on it are exact, so
     * a total does not depend on the order its shipments were added in (a replay on several
     * partitions adds them in another order each time, and plain floating-point sums differed in
     * their last digit). Exact while a total stays below 9·10⁹.
     */
    private static double onGrid(double x) {
        return Math.round(x * 1e6) / 1e6;
    }

    public static Serde<RouteTotals> serde() {
        Serializer<RouteTotals> serializer =
                (topic, totals) ->
                        totals == null
                                ? null
                                : ByteBuffer.allocate(SIZE)
                                        .putDouble(totals.netWeightKg)
                                        .putDouble(totals.valueUsd)
                                        .putLong(totals.shipmentCount)
                                        .array();
        Deserializer<RouteTotals> deserializer =
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    return new RouteTotals(
                            buffer.getDouble(), buffer.getDouble(), buffer.getLong());
                };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
