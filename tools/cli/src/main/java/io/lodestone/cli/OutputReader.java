package io.lodestone.cli;

import io.lodestone.config.LodestoneConfig;
import io.lodestone.schemas.topics.TopicContents;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The settings of the CLI's readers of output topics: committed records only, no group, and the
 * app's security settings.
 */
public final class OutputReader {

    private OutputReader() {}

    /** Every committed record on {@code topic} now, from the beginning, in partition order. */
    public static <K, V> List<ConsumerRecord<K, V>> readAll(
            LodestoneConfig config, String topic, Deserializer<K> keys, Deserializer<V> values) {
        return TopicContents.readCommitted(settings(config), topic, keys, values);
    }

    public static Map<String, Object> settings(LodestoneConfig config) {
        Map<String, Object> settings = config.kafkaClient(ConsumerConfig.configNames());
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return settings;
    }
}
