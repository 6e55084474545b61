package io.lodestone.testing;

import io.lodestone.config.LodestoneConfig;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.localinfra.LocalSecurity;
import io.lodestone.localinfra.Ports;
import io.lodestone.schemas.topics.TopicProvisioner;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A Kafka broker and schema registry of one test's own: the local default's server processes on
 * free ports, their data under the test's directory, for tests that stop, kill or restart them, or
 * run them secured.
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
        LocalInfra.Settings settings = settings(dir);
        return new OwnInfra(settings, LocalInfra.up(settings, line -> {}), dir);
    }

    /**
     * Secured, as {@code lodestone infra up --secure}: SASL_SSL with ACLs, the registry on HTTPS.
     */
    public static OwnInfra upSecured(Path dir) {
        LocalInfra.Settings settings = settings(dir);
        LocalInfra.secure(settings, line -> {});
        return new OwnInfra(settings, LocalInfra.up(settings, line -> {}), dir);
    }

    private static LocalInfra.Settings settings(Path dir) {
        return new LocalInfra.Settings(
                LocalInfra.findProjectHome(),
                dir.resolve("infra"),
                Ports.freePort(),
                Ports.freePort(),
                Ports.freePort(),
                Duration.ofSeconds(60));
    }

    /** The secured infrastructure's keys and principals; empty when it runs in the clear. */
    public Optional<LocalSecurity> security() {
        return LocalSecurity.of(settings.dataDir());
    }

    public LocalInfra.Settings settings() {
        return settings;
    }

    public String bootstrapServers() {
        return infra.bootstrapServers();
    }

    /** Starts what was stopped or killed again, on its data. */
    public void restart() {
        LocalInfra.up(settings, line -> {});
    }

    /**
     * The app's configuration for a run named {@code name} (its topic prefix, application id and
     * state directory), its topics created; then {@code settings}. Secured, it is the app
     * principal's, with the ACLs of {@code infra up --secure}.
     */
    public LodestoneConfig app(String name, Map<String, String> settings) {
        LodestoneConfig config = config(name, LocalSecurity.APP, settings);
        security()
                .ifPresent(
                        s ->
                                LocalInfra.grantLodestoneAcls(
                                        this.settings,
                                        config.topics().prefix(),
                                        config.applicationId(),
                                        List.of(
                                                config.topics().shipments(),
                                                config.topics().licenses())));
        TopicProvisioner.createMissing(
                config.kafkaClient(AdminClientConfig.configNames()),
                config.topics().definitions(config.topicPartitions(), (short) 1),
                Duration.ofSeconds(30));
        return config;
    }

    /**
     * The configuration the ingest principal's {@code ingest.properties} gives, for the run named
     * {@code name} (secured only).
     */
    public LodestoneConfig ingest(String name) {
        return config(name, LocalSecurity.INGEST, Map.of());
    }

    private LodestoneConfig config(String name, String principal, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>();
        security().ifPresent(s -> all.putAll(properties(s.clientFile(principal))));
        all.putAll(
                Map.of(
                        "bootstrap.servers",
                        infra.bootstrapServers(),
                        "schema.registry.url",
                        infra.registryUrl(),
                        "topic.prefix",
                        name + ".",
                        "application.id",
                        "lodestone-" + name,
                        "http.port",
                        "0",
                        "state.dir",
                        dir.resolve(name + "-state").toString()));
        all.putAll(settings);
        return LodestoneConfig.of(all);
    }

    private static Map<String, String> properties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
        return map;
    }

    /** Stops both servers, whoever started them. */
    @Override
    public void close() {
        LocalInfra.down(settings);
    }
}
