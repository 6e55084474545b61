package io.lodestone.schemas.topics;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the Confluent wire format (magic byte 0, 4-byte content id, Avro binary) into generated classes,
 * with one {@link SpecificDatumReader} per id kept for the life of the deserializer; Apicurio's builds a
 * new one (and with it the schema resolution) for every record.
 *
 * <p>The writer schema of an id not seen yet is fetched once from the registry's native API
 * ({@code /ids/contentIds/{id}} under {@link RegistrySerdes#apiUrl}): the lookup Apicurio's deserializer
 * makes, under the same URL the serializer registers through, answering the schema itself (no JSON to
 * unwrap). The Confluent-compatible {@code /apis/ccompat/v7/schemas/ids/{id}} serves the same content. It is
 * called with the JDK's HTTP client rather than Apicurio's, whose errors for an unreachable registry carry
 * neither message nor cause.
 */
final class CachingAvroDeserializer<T> implements Deserializer<T> {

    private static final int FRAMING_LENGTH = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String contentUrl;
    private final HttpClient http;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

    /** {@code http}: shared by deserializers of one registry ({@link RegistryAccess#httpClient}). */
    CachingAvroDeserializer(String apiUrl, HttpClient http) {
        this.contentUrl = apiUrl + "/ids/contentIds/";
        this.http = http;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < FRAMING_LENGTH || data[0] != 0) {
            throw new SerializationException(String.format("record on topic %s is not in the Confluent wire format: %s, where magic byte 0"
                    + " and a 4-byte schema id were expected", topic, data.length == 0 ? "it is empty"
                    : data.length < FRAMING_LENGTH ? "it has only " + data.length + " bytes" : String.format("its first byte is 0x%02x",
                            data[0])));
        }
        int id = (data[1] & 0xff) << 24 | (data[2] & 0xff) << 16 | (data[3] & 0xff) << 8 | data[4] & 0xff;
        SpecificDatumReader<T> reader = readers.get(id);
        if (reader == null) {
            // A failed lookup is not cached: the next record asks again, e.g. once the registry is back.
            reader = readers.computeIfAbsent(id, this::readerFor);
        }
        try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(data, FRAMING_LENGTH, data.length - FRAMING_LENGTH, null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("record on topic " + topic + " is not valid Avro of schema id " + id + " ("
                    + reader.getSchema().getFullName() + ")", e);
        }
    }

    /**
     * Writer schema from the registry; reader schema from the generated class of the same full name, so schemas can
     * evolve. An unknown id or a schema that is not Avro is the record's fault; a registry that does not answer is not.
     */
    private SpecificDatumReader<T> readerFor(int id) {
        Schema writer = RegistryRetry.call("fetching schema id " + id, () -> writerSchema(id), e -> !(e instanceof Unreachable));
        Class<?> generated = SpecificData.get().getClass(writer);
        if (generated == null) {
            throw new SerializationException("no generated class for " + writer.getFullName() + " (schema id " + id + ") on the classpath");
        }
        return new SpecificDatumReader<>(writer, SpecificData.get().getSchema(generated));
    }

    private Schema writerSchema(int id) {
        String url = contentUrl + Integer.toUnsignedString(id);
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers
                    .ofString());
        } catch (IOException e) {
            throw new Unreachable("cannot fetch schema id " + id + " from the schema registry at " + url + " (" + e
                    + "): check that the registry is running and that the registry URL points at it", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SerializationException("interrupted while fetching schema id " + id + " from " + url, e);
        }
        if (response.statusCode() == 404) {
            throw new SerializationException("unknown schema id " + id + ": the schema registry has no schema with it (" + url
                    + " answered 404); the record was written against another registry, or this one lost its schemas"
                    + " (an in-memory registry does on restart)");
        }
        if (response.statusCode() >= 500) {
            throw new Unreachable("the schema registry answered HTTP " + response.statusCode() + " for " + url + ": " + response.body(),
                    null);
        }
        if (response.statusCode() != 200) {
            throw new SerializationException("the schema registry answered HTTP " + response.statusCode() + " for " + url + ": "
                    + response.body());
        }
        try {
            return new Schema.Parser().parse(response.body());
        } catch (SchemaParseException e) {
            throw new SerializationException("schema id " + id + " from " + url + " is not an Avro schema", e);
        }
    }

    /** The registry did not answer (or failed): worth asking again, unlike an unknown id. */
    private static final class Unreachable extends RuntimeException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
