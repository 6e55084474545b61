package io.lodestone.schemas.registry;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.header.Headers;

/**
 * What Lodestone's Avro serdes ask of a schema registry: the id of a value schema on a topic, and
 * the writer schema behind an id. The serdes ({@link RegistrySerdes}) do the Confluent framing and
 * the Avro encoding themselves, so every implementation gives the same bytes: {@link
 * ApicurioSchemaRegistry} over HTTP in production, {@link InMemorySchemaRegistry} for tests that
 * need no registry process.
 */
public interface SchemaRegistry {

    /**
     * The id of {@code record}'s schema as a value schema of {@code topic}, registered first if the
     * registry does not have it. Throws {@link RegistryUnavailableException} if the registry cannot
     * be reached for long.
     */
    int idOf(String topic, Headers headers, GenericContainer record);

    /**
     * The schema a record framed with {@code id} was written with. Throws Kafka's {@code
     * SerializationException} for an id the registry does not know (the record's fault), {@link
     * RegistryUnavailableException} if the registry cannot be reached for long (not the record's
     * fault).
     */
    Schema writerSchema(int id);
}
