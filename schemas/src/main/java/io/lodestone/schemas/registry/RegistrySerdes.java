package io.lodestone.schemas.registry;

import io.apicurio.registry.serde.Legacy4ByteIdHandler;
import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro serdes that write and read the Confluent wire format (magic byte 0, 4-byte schema id, Avro
 * binary) through a schema registry, so any Confluent-compatible client can decode Lodestone
 * topics. Schema ids are the registry's content ids, which is what its Confluent-compatible API
 * serves. The registry is a {@link SchemaRegistry}: Apicurio over HTTP, or one in memory for tests.
 */
public final class RegistrySerdes {

    private RegistrySerdes() {}

    /** Serde settings for the registry {@code registry} names, with its TLS trust. */
    public static Map<String, Object> config(RegistryAccess registry) {
        Map<String, Object> config = new HashMap<>(registry.apicurioSettings());
        config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
        config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT_IF_EXISTS, "RETURN_OR_UPDATE");
        config.put(SerdeConfig.ID_HANDLER, Legacy4ByteIdHandler.class.getName());
        config.put(SerdeConfig.USE_ID, "contentId");
        // With headers on, the id travels in a record header instead of the Confluent framing.
        config.put(SerdeConfig.ENABLE_HEADERS, false);
        config.put(AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        return config;
    }

    /**
     * A value serde for generated record class {@code T} through {@code registry}: the bytes of
     * Apicurio's {@code AvroSerde} with {@link #config}, but schema ids and Avro readers and
     * writers cached instead of looked up for every record.
     */
    public static <T extends SpecificRecord> Serde<T> valueSerde(SchemaRegistry registry) {
        return Serdes.serdeFrom(
                new CachingAvroSerializer<>(registry), new CachingAvroDeserializer<>(registry));
    }

    /**
     * A value serializer of any Avro record through {@code registry}, generic ones included: for
     * writers of schemas no generated class has (tests of schema evolution and of hostile input).
     */
    public static <T extends GenericContainer> Serializer<T> valueSerializer(
            SchemaRegistry registry) {
        return new CachingAvroSerializer<>(registry);
    }

    /** The registry's native API under a base URL; a URL that already names an API path is kept. */
    static String apiUrl(String registryUrl) {
        String base =
                registryUrl.endsWith("/")
                        ? registryUrl.substring(0, registryUrl.length() - 1)
                        : registryUrl;
        return base.contains("/apis/") ? base : base + "/apis/registry/v2";
    }
}
