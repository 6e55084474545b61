package io.lodestone.state;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for a store value that was JSON and is now a binary layout: writes the layout (a version
 * byte, then what {@code write} puts), reads it and the JSON written before (which starts with '{',
 * never a version byte), so a store upgraded in place reads on. The types own their layouts; this
 * owns the framing and the errors.
 */
public final class BinaryAfterJson {

    private BinaryAfterJson() {}

    /**
     * {@code what} names the value in errors ("a licence judgement"); {@code write} puts a value's
     * fields after the version byte (into a buffer that is tried again twice as large when they do
     * not fit); {@code read} reads them and must read them all.
     */
    public static <T> Serde<T> serde(
            String what,
            byte version,
            Class<T> type,
            BiConsumer<T, ByteBuffer> write,
            Function<ByteBuffer, T> read) {
        Serde<T> json = JsonSerde.of(type);
        Serializer<T> serializer =
                (topic, value) -> {
                    if (value == null) {
                        return null;
                    }
                    for (int size = 256; ; size *= 2) {
                        ByteBuffer buffer = ByteBuffer.allocate(size).put(version);
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
                    if (bytes.length > 0 && bytes[0] == '{') {
                        return json.deserializer().deserialize(topic, bytes);
                    }
                    if (bytes.length == 0 || bytes[0] != version) {
                        throw new SerializationException(
                                "not "
                                        + what
                                        + ": layout version "
                                        + (bytes.length == 0 ? "missing" : bytes[0])
                                        + ", this build reads "
                                        + version
                                        + " and JSON");
                    }
                    ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
                    try {
                        T value = read.apply(buffer);
                        if (buffer.hasRemaining()) {
                            throw new IllegalArgumentException(
                                    buffer.remaining() + " bytes past the end");
                        }
                        return value;
                    } catch (RuntimeException e) {
                        throw new SerializationException(
                                what + " cut short or corrupt (" + bytes.length + " bytes)", e);
                    }
                };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
