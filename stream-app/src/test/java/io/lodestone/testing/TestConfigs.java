package io.lodestone.testing;

import io.lodestone.app.LodestoneTopology;
import io.lodestone.app.StreamsSettings;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.localinfra.junit.KafkaBrokerExtension;
import io.lodestone.localinfra.junit.SchemaRegistryExtension;
import io.lodestone.reference.ReferenceData;
import org.apache.kafka.streams.TopologyTestDriver;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The configurations tests run the production wiring with. */
public final class TestConfigs {

    private TestConfigs() {
    }

    /** For TopologyTestDriver: the real registry, a temporary state directory, then {@code settings}. */
    public static LodestoneConfig forDriver(Path stateDir, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of(
                "schema.registry.url", SchemaRegistryExtension.url(),
                "state.dir", stateDir.toString()));
        all.putAll(settings);
        return LodestoneConfig.of(all);
    }

    /** The production topology under TopologyTestDriver. */
    public static TopologyTestDriver driver(LodestoneConfig config) {
        ReferenceData reference = config.referenceData();
        return new TopologyTestDriver(LodestoneTopology.build(config, reference, 1), StreamsSettings.of(config));
    }

    /** For the app on the test broker: topics and application id of their own ({@code name-xxxxxxxx}), then {@code settings}. */
    public static LodestoneConfig forBroker(String name, Path stateDir, Map<String, String> settings) {
        String run = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> all = new HashMap<>(Map.of(
                "bootstrap.servers", KafkaBrokerExtension.bootstrapServers(),
                "schema.registry.url", SchemaRegistryExtension.url(),
                "topic.prefix", run + ".",
                "application.id", "lodestone-" + run,
                "http.port", "0",
                "state.dir", stateDir.toString()));
        all.putAll(settings);
        return LodestoneConfig.of(all);
    }
}
