package io.lodestone.licensing;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Net weight shipped so far under one licence, and the limit it was last reported over (NaN:
 * never), so a quota alert fires once per limit. Internal state, fixed 16-byte encoding.
 */
record LicenceUsage(double shippedKg, double reportedLimitKg) {

    static final LicenceUsage NONE = new LicenceUsage(0, Double.NaN);

    /**
     * {@code kg} on a grid of millionths: sums kept on it are exact, so a licence's total and a
     * walk's running sum do not depend on the order shipments were added or taken out in.
     */
    static double onGrid(double kg) {
        return Math.round(kg * 1e6) / 1e6;
    }

    static Serde<LicenceUsage> serde() {
        Serializer<LicenceUsage> serializer =
                (topic, u) ->
                        u == null
                                ? null
                                : ByteBuffer.allocate(16)
                                        .putDouble(u.shippedKg)
                                        .putDouble(u.reportedLimitKg)
                                        .array();
        Deserializer<LicenceUsage> deserializer =
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    return new LicenceUsage(buffer.getDouble(), buffer.getDouble());
                };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
