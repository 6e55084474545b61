package io.lodestone.state;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The framing of the binary layouts that state stores and internal topics hold: a version byte,
 * then the fields. Writes the newest layout, reads every layout from the oldest still read, and
 * hands what a store held before the layouts existed (JSON, whole Avro records) to the reader of
 * that. The types own their fields; this owns the version byte and the errors, which name the
 * value, the topic and the layouts this build reads.
 */
public final class VersionedLayout {

    /** Reads a value's fields after its version byte, {@code layout}; must read them all. */
    public interface Reader<T> {
        T read(byte layout, ByteBuffer fields);
    }

    /**
     * What a store held before the layouts ({@code name}, for errors): bytes it {@code recognises}
     * (never a layout's version byte first) and how it {@code reads} them.
     */
    public record Earlier<T>(String name, Predicate<byte[]> recognises, Deserializer<T> reads) {}

    private VersionedLayout() {}

    /**
     * {@code what} names the value in errors ("a licence judgement"). {@code write} puts the fields
     * of layout {@code newest} after its version byte, into a buffer tried again twice as large
     * when they do not fit; {@code read} reads those of layouts {@code oldest} to {@code newest};
     * {@code earlier} may be null.
     */
    public static <T> Serde<T> serde(
            String what,
            byte oldest,
            byte newest,
            BiConsumer<T, ByteBuffer> write,
            Reader<T> read,
            Earlier<T> earlier) {
        Serializer<T> serializer =
                (topic, value) -> {
                    if (value == null) {
                        return null;
                    }
                    for (int size = 256; ; size *= 2) {
                        ByteBuffer buffer = ByteBuffer.allocate(size).put(newest);
                        try {
                            write.accept(value, buffer);
                        } catch (BufferOverflowException tooSmall) {
                            continue;
                        }
                        return Arrays.copyOf(buffer.array(), buffer.position());
                    }
                };
        Deserializer<T> deserializer =
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    if (earlier != null && earlier.recognises().test(bytes)) {
                        return earlier.reads().deserialize(topic, bytes);
                    }
                    String where = what + (topic == null ? "" : " on " + topic);
                    if (bytes.length == 0 || bytes[0] < oldest || bytes[0] > newest) {
                        throw new SerializationException(
                                "not "
                                        + where
                                        + ": layout version "
                                        + (bytes.length == 0 ? "missing" : bytes[0])
                                        + ", this build reads "
                                        + (oldest == newest ? newest : oldest + " to " + newest)
                                        + (earlier == null ? "" : " and " + earlier.name()));
                    }
                    ByteBuffer fields = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
                    try {
                        T value = read.read(bytes[0], fields);
                        if (fields.hasRemaining()) {
                            throw new IllegalArgumentException(
                                    fields.remaining() + " bytes past the end");
                        }
                        return value;
                    } catch (RuntimeException e) {
                        throw new SerializationException(
                                where + " cut short or corrupt (" + bytes.length + " bytes)", e);
                    }
                };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** JSON, which a store held before its binary layout: it starts with '{'. */
    public static <T> Earlier<T> json(Class<T> type) {
        return new Earlier<>(
                "JSON", b -> b.length > 0 && b[0] == '{', JsonSerde.of(type).deserializer());
    }
}
