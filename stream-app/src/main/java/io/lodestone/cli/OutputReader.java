package io.lodestone.cli;

import io.lodestone.config.LodestoneConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.util.Map;

/** The settings of the CLI's readers of output topics: committed records only, no group, and the app's security settings. */
final class OutputReader {

    private OutputReader() {
    }

    static Map<String, Object> settings(LodestoneConfig config) {
        Map<String, Object> settings = config.kafkaClient(ConsumerConfig.configNames());
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return settings;
    }
}
