package io.lodestone.connectors.source;

import io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig;
import io.lodestone.schemas.registry.RegistryAccess;
import io.lodestone.schemas.registry.RegistrySerdes;
import java.util.Map;
import java.util.TreeMap;

/**
 * The converter settings of a Lodestone connector (source or sink): keys as plain strings, values
 * through Apicurio's Avro converter (registry failures retried: {@link #RETRIES}) with the registry
 * settings of {@code lodestone ingest} and the stream app (Confluent framing: magic byte and 4-byte
 * content id, no id headers) and the AvroData settings of {@link ConnectValues}. The README's
 * connector configurations spell out the same.
 */
public final class ConverterSettings {

    public static final String AVRO_CONVERTER = RetryingAvroConverter.class.getName();
    public static final String STRING_CONVERTER =
            "org.apache.kafka.connect.storage.StringConverter";

    /**
     * Connect retries a conversion the registry failed ({@link RetryingAvroConverter}) with backoff
     * up to 30 s for 10 minutes, then fails the task.
     */
    public static final Map<String, String> RETRIES =
            Map.of("errors.retry.timeout", "600000", "errors.retry.delay.max.ms", "30000");

    private ConverterSettings() {}

    /**
     * {@code key.converter}, {@code value.converter} and every {@code value.converter.*} setting
     * for a registry at {@code registryUrl}.
     */
    public static Map<String, String> forRegistry(String registryUrl) {
        Map<String, String> settings = new TreeMap<>();
        settings.put("key.converter", STRING_CONVERTER);
        settings.put("value.converter", AVRO_CONVERTER);
        settings.putAll(RETRIES);
        RegistrySerdes.config(RegistryAccess.of(registryUrl))
                .forEach(
                        (key, value) -> {
                            // The converter hands Connect generic records; the app's generated
                            // classes are not on a worker's classpath.
                            if (!key.equals(AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER)) {
                                settings.put("value.converter." + key, String.valueOf(value));
                            }
                        });
        ConnectValues.CONVERTER_SETTINGS.forEach(
                (key, value) -> settings.put("value.converter." + key, String.valueOf(value)));
        return settings;
    }
}
