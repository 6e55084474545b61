package io.lodestone.testing;

import io.lodestone.config.LodestoneConfig;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.localinfra.Ports;
import io.lodestone.schemas.topics.TopicProvisioner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A Kafka broker and schema registry of one test's own: the local default's server processes on free ports,
 * their data under the test's directory, for tests that stop, kill or restart them.
 */
public final class OwnInfra implements AutoCloseable {

    private final LocalInfra.Settings settings;
    private final LocalInfra infra;
    private final Path dir;

    private OwnInfra(LocalInfra.Settings settings, LocalInfra infra, Path dir) {
        this.settings = settings;
        this.infra = infra;
        this.dir = dir;
    }

    public static OwnInfra up(Path dir) {
        LocalInfra.Settings settings = new LocalInfra.Settings(LocalInfra.findProjectHome(), dir.resolve("infra"), Ports.freePort(),
                Ports.freePort(), Ports.freePort(), Duration.ofSeconds(60));
        return new OwnInfra(settings, LocalInfra.up(settings, line -> { }), dir);
    }

    public LocalInfra.Settings settings() {
        return settings;
    }

    public String bootstrapServers() {
        return infra.bootstrapServers();
    }

    /** Starts what was stopped or killed again, on its data. */
    public void restart() {
        LocalInfra.up(settings, line -> { });
    }

    /**
     * The app's configuration for a run named {@code name} (its topic prefix, application id and state directory),
     * its topics created; then {@code settings}.
     */
    public LodestoneConfig app(String name, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("bootstrap.servers", infra.bootstrapServers(), "schema.registry.url",
                infra.registryUrl(), "topic.prefix", name + ".", "application.id", "lodestone-" + name, "http.port", "0",
                "state.dir", dir.resolve(name + "-state").toString()));
        all.putAll(settings);
        LodestoneConfig config = LodestoneConfig.of(all);
        TopicProvisioner.createMissing(config.bootstrapServers(), config.topics().definitions(config.topicPartitions(), (short) 1),
                Duration.ofSeconds(30));
        return config;
    }

    /** Stops both servers, whoever started them. */
    @Override
    public void close() {
        LocalInfra.down(settings);
    }
}
