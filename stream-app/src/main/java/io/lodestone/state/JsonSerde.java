package io.lodestone.state;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * JSON for the detectors' internal state and repartition records (never for Lodestone's public
 * topics, which are Avro). A field a newer release dropped is ignored when read, and one it added
 * is null in what an older release wrote: state and in-flight repartition records outlive an
 * upgrade.
 */
public final class JsonSerde {

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .registerModule(new JavaTimeModule())
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private JsonSerde() {}

    public static <T> Serde<T> of(Class<T> type) {
        return of(JSON.getTypeFactory().constructType(type), type.getSimpleName());
    }

    /** A generic type, e.g. {@code new TypeReference<List<Alerted<X>>>() {}}. */
    public static <T> Serde<T> of(TypeReference<T> type) {
        return of(JSON.getTypeFactory().constructType(type), type.getType().getTypeName());
    }

    /** A JSON array of {@code element}s. */
    public static <T> Serde<List<T>> listOf(Class<T> element) {
        return of(
                JSON.getTypeFactory().constructCollectionType(List.class, element),
                "a list of " + element.getSimpleName());
    }

    private static <T> Serde<T> of(JavaType type, String name) {
        return Serdes.serdeFrom(
                (topic, value) -> value == null ? null : write(value),
                (topic, bytes) -> {
                    try {
                        return bytes == null ? null : JSON.readValue(bytes, type);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + name + " from JSON", e);
                    }
                });
    }

    private static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
