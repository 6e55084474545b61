package io.lodestone.schemas.registry;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format (magic byte 0, 4-byte schema id, Avro binary) into generated
 * classes, with one {@link SpecificDatumReader} per id kept for the life of the deserializer;
 * Apicurio's builds a new one (and with it the schema resolution) for every record. The writer
 * schema of an id not seen yet is asked of the registry once.
 */
final class CachingAvroDeserializer<T> implements Deserializer<T> {

    private final SchemaRegistry registry;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

    CachingAvroDeserializer(SchemaRegistry registry) {
        this.registry = registry;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int id = ConfluentFraming.id(topic, data);
        SpecificDatumReader<T> reader = readers.get(id);
        if (reader == null) {
            // A failed lookup is not cached: the next record asks again, e.g. once the registry is
            // back.
            reader = readers.computeIfAbsent(id, this::readerFor);
        }
        try {
            return reader.read(
                    null,
                    DecoderFactory.get()
                            .binaryDecoder(
                                    data,
                                    ConfluentFraming.LENGTH,
                                    data.length - ConfluentFraming.LENGTH,
                                    null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "record on topic "
                            + topic
                            + " is not valid Avro of schema id "
                            + id
                            + " ("
                            + reader.getSchema().getFullName()
                            + ")",
                    e);
        }
    }

    /**
     * Writer schema from the registry; reader schema from the generated class of the same full
     * name, so schemas can evolve.
     */
    private SpecificDatumReader<T> readerFor(int id) {
        Schema writer = registry.writerSchema(id);
        Class<?> generated = SpecificData.get().getClass(writer);
        if (generated == null) {
            throw new SerializationException(
                    "no generated class for "
                            + writer.getFullName()
                            + " (schema id "
                            + id
                            + ") on the classpath");
        }
        return new SpecificDatumReader<>(writer, SpecificData.get().getSchema(generated));
    }
}
