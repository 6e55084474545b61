package io.lodestone.schemas.topics;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import io.apicurio.registry.rest.client.exception.RuleViolationException;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the same bytes as Apicurio's serializer (magic byte 0, 4-byte content id, Avro binary) without its
 * per-record cost (it prints the schema to JSON for every record to look it up). The first value of each
 * schema on each topic goes through Apicurio, so registration and id assignment are exactly Apicurio's;
 * the framing it wrote is kept and later values are framed and encoded here.
 */
final class CachingAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private static final int FRAMING_LENGTH = 5;

    private final AvroKafkaSerializer<T> registering = new AvroKafkaSerializer<>();
    // Per topic because Apicurio resolves ids per artifact, <topic>-value (its default TopicIdStrategy).
    private final Map<String, Map<Schema, Framed<T>>> byTopic = new ConcurrentHashMap<>();
    // A serde given to the Streams DSL is shared by all stream threads: each thread reuses its own buffer and
    // buffered encoder (a new stream and direct encoder per record measured 1.6x slower, 1.6x the allocation).
    private final ThreadLocal<Buffer> buffers = ThreadLocal.withInitial(Buffer::new);

    CachingAvroSerializer(Map<String, ?> config) {
        registering.configure(config, false);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return serialize(topic, null, data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        if (data == null) {
            return null;
        }
        // String.valueOf because the map takes no null key; Kafka's clients and Streams always name the topic.
        Map<Schema, Framed<T>> schemas = byTopic.computeIfAbsent(String.valueOf(topic), t -> new ConcurrentHashMap<>());
        Schema schema = data.getSchema();
        Framed<T> framed = schemas.get(schema);
        if (framed == null) {
            // A schema the registry's rules refuse is a deployment error: no retry makes it right.
            byte[] bytes = RegistryRetry.call("registering " + schema.getFullName() + " for topic " + topic,
                    () -> registering.serialize(topic, headers, data), e -> e instanceof RuleViolationException);
            schemas.putIfAbsent(schema, Framed.from(bytes, schema, topic));
            return bytes;
        }
        return framed.write(data, buffers.get());
    }

    @Override
    public void close() {
        registering.close();
    }

    /** The framing Apicurio wrote for one schema on one topic, and a writer of that schema. */
    private record Framed<T extends SpecificRecord>(byte[] framing, SpecificDatumWriter<T> writer) {

        static <T extends SpecificRecord> Framed<T> from(byte[] apicurioBytes, Schema schema, String topic) {
            if (apicurioBytes.length < FRAMING_LENGTH || apicurioBytes[0] != 0) {
                throw new SerializationException("Apicurio's serializer did not write the Confluent framing (magic byte 0, 4-byte id) for "
                        + schema.getFullName() + " on topic " + topic + ": check RegistrySerdes.config");
            }
            return new Framed<>(Arrays.copyOf(apicurioBytes, FRAMING_LENGTH), new SpecificDatumWriter<>(schema));
        }

        byte[] write(T data, Buffer buffer) {
            buffer.out.reset();
            buffer.out.write(framing, 0, FRAMING_LENGTH);
            buffer.encoder = EncoderFactory.get().binaryEncoder(buffer.out, buffer.encoder);
            try {
                writer.write(data, buffer.encoder);
                buffer.encoder.flush();
            } catch (IOException e) {
                throw new SerializationException("cannot write " + data.getSchema().getFullName() + " as Avro", e);
            }
            return buffer.out.toByteArray();
        }
    }

    private static final class Buffer {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        BinaryEncoder encoder;
    }
}
