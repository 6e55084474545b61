package io.lodestone.testing;

import io.lodestone.app.LodestoneTopology;
import io.lodestone.app.StreamsSettings;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.schemas.registry.AvroSerdes;
import io.lodestone.schemas.registry.InMemorySchemaRegistry;
import io.lodestone.testsupport.KafkaBrokerExtension;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/** The configurations tests run the production wiring with. */
public final class TestConfigs {

    private TestConfigs() {}

    /**
     * For TopologyTestDriver: a temporary state directory, then {@code settings}. No registry: see
     * {@link #inMemorySerdes}.
     */
    public static LodestoneConfig forDriver(Path stateDir, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("state.dir", stateDir.toString()));
        all.putAll(settings);
        return LodestoneConfig.of(all);
    }

    /**
     * The contracts' serdes over a registry in this JVM: the Confluent framing, without a registry
     * process.
     */
    public static AvroSerdes inMemorySerdes() {
        return new AvroSerdes(new InMemorySchemaRegistry());
    }

    /**
     * The production topology under TopologyTestDriver, through {@code serdes} (the test's inputs
     * and outputs use the same).
     */
    public static TopologyTestDriver driver(LodestoneConfig config, AvroSerdes serdes) {
        return driver(LodestoneTopology.build(config, config.referenceData(), serdes, 1), config);
    }

    /** {@code topology} under TopologyTestDriver with the production settings of {@code config}. */
    public static TopologyTestDriver driver(Topology topology, LodestoneConfig config) {
        return new TopologyTestDriver(topology, StreamsSettings.of(config));
    }

    /**
     * For the app on the test broker: topics and application id of their own ({@code
     * name-xxxxxxxx}), then {@code settings}.
     */
    public static LodestoneConfig forBroker(
            String name, Path stateDir, Map<String, String> settings) {
        String run = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> all =
                new HashMap<>(
                        Map.of(
                                "bootstrap.servers",
                                KafkaBrokerExtension.bootstrapServers(),
                                "schema.registry.url",
                                SchemaRegistryExtension.url(),
                                "topic.prefix",
                                run + ".",
                                "application.id",
                                "lodestone-" + run,
                                "http.port",
                                "0",
                                "state.dir",
                                stateDir.toString()));
        all.putAll(settings);
        return LodestoneConfig.of(all);
    }
}
