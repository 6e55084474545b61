package io.lodestone.app;

import io.lodestone.config.LodestoneConfig;
import io.lodestone.ingest.DeadLetterHandler;
import io.lodestone.state.CompressedStores;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams properties from Lodestone's configuration: exactly-once, the DLQ handler,
 * compressed state stores, static membership, overrides last.
 */
public final class StreamsSettings {

    /** statestore.cache.max.bytes unless kafka.statestore.cache.max.bytes says otherwise. */
    public static final long RECORD_CACHE_BYTES = 1024 * 1024L;

    private StreamsSettings() {}

    public static Properties of(LodestoneConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.topics().dlq());
        props.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterHandler.class.getName());
        props.put(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterHandler.class.getName());
        props.put(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG,
                true); // the Kafka 5.0 default, said now
        // The record caches (route-day totals, the tables) need only what changes within a commit
        // interval; Kafka's 10 MB kept a replay's stale route-days on the heap (+15 MB after GC)
        // and deepened every cache lookup.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, RECORD_CACHE_BYTES);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, CompressedStores.class);
        // static membership: a restarted instance takes its tasks back at once instead of waiting
        // out its old session
        if (!"streams"
                .equalsIgnoreCase(
                        config.kafkaOverrides()
                                .getOrDefault(StreamsConfig.GROUP_PROTOCOL_CONFIG, "classic"))) {
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.instanceId());
        }
        props.putAll(config.kafkaOverrides());
        return props;
    }
}
