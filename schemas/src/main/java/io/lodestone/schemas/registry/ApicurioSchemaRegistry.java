package io.lodestone.schemas.registry;

import io.apicurio.registry.rest.client.exception.RuleViolationException;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;

/**
 * The Apicurio registry (its native API; the Confluent-compatible one serves the same ids), over
 * HTTP.
 *
 * <p>A schema is registered by Apicurio's own serializer, configured as {@link
 * RegistrySerdes#config} says, so the artifact ({@code <topic>-value}) and the id (its content id)
 * are exactly Apicurio's; its bytes give the id. A writer schema is fetched from {@code
 * /ids/contentIds/{id}}, the lookup Apicurio's deserializer makes, with the JDK's HTTP client
 * rather than Apicurio's, whose errors for an unreachable registry carry neither message nor cause.
 * Both calls are retried for about 8 s ({@link RegistryRetry}) before the registry counts as
 * unavailable.
 */
public final class ApicurioSchemaRegistry implements SchemaRegistry {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final AvroKafkaSerializer<GenericContainer> registering = new AvroKafkaSerializer<>();
    private final String contentUrl;
    private final HttpClient http;

    private ApicurioSchemaRegistry(RegistryAccess access) {
        registering.configure(RegistrySerdes.config(access), false);
        this.contentUrl = RegistrySerdes.apiUrl(access.url()) + "/ids/contentIds/";
        this.http = access.httpClient();
    }

    /**
     * The registry {@code access} names. Each instance registers through a serializer of its own,
     * whose cache Apicurio keys by schema content: a schema it has registered for one topic is not
     * registered again for the next ({@code RegistrySerdesIntegrationTest}), so instances are not
     * shared between unrelated users (the HTTP client is, per registry and trust).
     */
    public static ApicurioSchemaRegistry of(RegistryAccess access) {
        return new ApicurioSchemaRegistry(access);
    }

    /** The registry at {@code url}, trusted as the JVM trusts any server. */
    public static ApicurioSchemaRegistry of(String url) {
        return of(RegistryAccess.of(url));
    }

    @Override
    public int idOf(String topic, Headers headers, GenericContainer record) {
        Schema schema = record.getSchema();
        // A schema the registry's rules refuse is a deployment error: no retry makes it right.
        byte[] framed =
                RegistryRetry.call(
                        "registering " + schema.getFullName() + " for topic " + topic,
                        () -> registering.serialize(topic, headers, record),
                        e -> e instanceof RuleViolationException);
        if (framed.length < ConfluentFraming.LENGTH || framed[0] != ConfluentFraming.MAGIC_BYTE) {
            throw new SerializationException(
                    "Apicurio's serializer did not write the Confluent framing (magic byte 0,"
                            + " 4-byte id) for "
                            + schema.getFullName()
                            + " on topic "
                            + topic
                            + ": check RegistrySerdes.config");
        }
        return ConfluentFraming.id(framed);
    }

    @Override
    public Schema writerSchema(int id) {
        return RegistryRetry.call(
                "fetching schema id " + id, () -> fetch(id), e -> !(e instanceof Unreachable));
    }

    private Schema fetch(int id) {
        String url = contentUrl + Integer.toUnsignedString(id);
        HttpResponse<String> response;
        try {
            response =
                    http.send(
                            HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unreachable(
                    "cannot fetch schema id "
                            + id
                            + " from the schema registry at "
                            + url
                            + " ("
                            + e
                            + "): check that the registry is running and that the registry URL"
                            + " points at it",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SerializationException(
                    "interrupted while fetching schema id " + id + " from " + url, e);
        }
        if (response.statusCode() == 404) {
            throw new SerializationException(
                    "unknown schema id "
                            + id
                            + ": the schema registry has no schema with it ("
                            + url
                            + " answered 404); the record was written against another registry, or"
                            + " this one lost its schemas (an in-memory registry does on restart)");
        }
        if (response.statusCode() >= 500) {
            throw new Unreachable(
                    "the schema registry answered HTTP "
                            + response.statusCode()
                            + " for "
                            + url
                            + ": "
                            + response.body(),
                    null);
        }
        if (response.statusCode() != 200) {
            throw new SerializationException(
                    "the schema registry answered HTTP "
                            + response.statusCode()
                            + " for "
                            + url
                            + ": "
                            + response.body());
        }
        try {
            return new Schema.Parser().parse(response.body());
        } catch (SchemaParseException e) {
            throw new SerializationException(
                    "schema id " + id + " from " + url + " is not an Avro schema", e);
        }
    }

    @Override
    public String toString() {
        return "Apicurio registry " + contentUrl;
    }

    /** The registry did not answer (or failed): worth asking again, unlike an unknown id. */
    private static final class Unreachable extends RuntimeException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
