package io.lodestone.watermark;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One tag byte (0 data, 1 mark), then the inner serde's bytes or the mark's partition, time and
 * idle flag.
 */
public final class WatermarkedSerde {

    private static final byte DATA = 0;
    private static final byte MARK = 1;
    private static final int MARK_SIZE = 1 + Integer.BYTES + Long.BYTES + 1;

    private WatermarkedSerde() {}

    public static <V> Serde<Watermarked<V>> of(Serde<V> inner) {
        Serializer<V> values = inner.serializer();
        Deserializer<V> readValues = inner.deserializer();
        return Serdes.serdeFrom(
                (topic, record) -> {
                    if (record == null) {
                        return null;
                    }
                    if (record instanceof Watermarked.Mark<V> mark) {
                        return ByteBuffer.allocate(MARK_SIZE)
                                .put(MARK)
                                .putInt(mark.partition())
                                .putLong(mark.time())
                                .put((byte) (mark.idle() ? 1 : 0))
                                .array();
                    }
                    byte[] value = values.serialize(topic, ((Watermarked.Data<V>) record).value());
                    byte[] bytes = new byte[value.length + 1];
                    bytes[0] = DATA;
                    System.arraycopy(value, 0, bytes, 1, value.length);
                    return bytes;
                },
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    if (bytes.length > 0 && bytes[0] == DATA) {
                        return Watermarked.data(
                                readValues.deserialize(
                                        topic, Arrays.copyOfRange(bytes, 1, bytes.length)));
                    }
                    if (bytes.length == MARK_SIZE && bytes[0] == MARK) {
                        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, MARK_SIZE - 1);
                        return new Watermarked.Mark<>(
                                buffer.getInt(), buffer.getLong(), buffer.get() == 1);
                    }
                    throw new SerializationException(
                            "not a watermarked record on "
                                    + topic
                                    + ": tag "
                                    + (bytes.length == 0 ? "missing" : bytes[0]));
                });
    }
}
