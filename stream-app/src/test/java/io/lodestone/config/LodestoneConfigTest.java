package io.lodestone.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.schemas.registry.RegistryAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LodestoneConfigTest {

    @TempDir Path tmp;

    @Test
    void defaultsAreExactlyOnceAndTheLocalInfrastructure() {
        LodestoneConfig config = LodestoneConfig.load(null, Map.of());
        assertThat(config.processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.registryUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(config.topics().shipments()).isEqualTo("lodestone.shipments");
        assertThat(config.windowGrace()).isEqualTo(Duration.ofDays(120));
        assertThat(config.source(ConfigOption.WINDOW_GRACE)).isEqualTo("default");
    }

    @Test
    void theEnvironmentOverridesTheFileWhichOverridesTheDefaults() throws IOException {
        Path file =
                Files.writeString(
                        tmp.resolve("lodestone.properties"),
                        "bootstrap.servers=kafka-1:9092\n"
                                + "window.grace=PT12H\n"
                                + "kafka.num.stream.threads=2\n");
        LodestoneConfig config =
                LodestoneConfig.load(
                        file,
                        Map.of(
                                "LODESTONE_WINDOW_GRACE", "PT6H",
                                "LODESTONE_KAFKA_COMMIT_INTERVAL_MS", "50",
                                "PATH", "/usr/bin"));
        assertThat(config.bootstrapServers()).isEqualTo("kafka-1:9092");
        assertThat(config.source(ConfigOption.BOOTSTRAP_SERVERS)).isEqualTo(file.toString());
        assertThat(config.windowGrace()).isEqualTo(Duration.ofHours(6));
        assertThat(config.source(ConfigOption.WINDOW_GRACE))
                .isEqualTo("env LODESTONE_WINDOW_GRACE");
        assertThat(config.kafkaOverrides())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("num.stream.threads", "2", "commit.interval.ms", "50"));
        assertThat(config.describe())
                .contains("window.grace")
                .contains("env LODESTONE_WINDOW_GRACE")
                .contains("kafka.num.stream.threads");
    }

    @Test
    void securitySettingsReachEveryClientAndSecretsNeverShow() {
        String jaas =
                "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"lodestone-app\" password=\"hunter2\";";
        LodestoneConfig config =
                LodestoneConfig.of(
                        Map.of(
                                "kafka.security.protocol",
                                "SASL_SSL",
                                "kafka.sasl.jaas.config",
                                jaas,
                                "kafka.ssl.truststore.password",
                                "changeit",
                                "kafka.num.stream.threads",
                                "2",
                                "schema.registry.url",
                                "https://registry:8081",
                                "schema.registry.ssl.truststore.location",
                                "/etc/lodestone/truststore.p12",
                                "schema.registry.ssl.truststore.password",
                                "tspass",
                                "http.query.token",
                                "abc123"));
        assertThat(config.kafkaClient(ProducerConfig.configNames()))
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", jaas)
                .containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .doesNotContainKey("num.stream.threads");
        assertThat(config.registry())
                .isEqualTo(
                        new RegistryAccess(
                                "https://registry:8081",
                                "/etc/lodestone/truststore.p12",
                                "tspass"));
        assertThat(config.describe())
                .doesNotContain("hunter2", "changeit", "tspass", "abc123")
                .containsPattern("kafka.sasl.jaas.config +\\Q= ******\\E")
                .containsPattern("kafka.security.protocol +\\Q= SASL_SSL\\E");
    }

    @Test
    void badValuesAreRefusedNamingKeyValueAndSource() throws IOException {
        assertThatThrownBy(() -> LodestoneConfig.of(Map.of("window.grace", "2 days")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "window.grace must be an ISO-8601 duration such as P2D or PT6H, got '2"
                                + " days' (override)");
        assertThatThrownBy(() -> LodestoneConfig.of(Map.of("topic.partitions", "0")))
                .hasMessage(
                        "topic.partitions must be a whole number of at least 1, got '0'"
                                + " (override)");
        assertThatThrownBy(() -> LodestoneConfig.of(Map.of("window.grace", "P130D")))
                .hasMessageStartingWith(
                        "dedup.retention=P121D (default) must be at least 1 day + window.grace"
                            + " (P131D): a re-sent declaration could otherwise be counted twice");
        assertThatThrownBy(
                        () ->
                                LodestoneConfig.of(
                                        Map.of(
                                                "window.grace",
                                                "P380D",
                                                "dedup.retention",
                                                "P381D")))
                .hasMessage(
                        "route.volume.retention=P400D (default) must be at least 31 days + the"
                                + " larger of window.grace and rerouting.judge.delay (P411D): the"
                                + " days of a month are read until it is final");
        Path typo = Files.writeString(tmp.resolve("typo.properties"), "bootstrap.server=x:9092\n");
        assertThatThrownBy(() -> LodestoneConfig.load(typo, Map.of()))
                .hasMessageStartingWith("unknown setting 'bootstrap.server' in " + typo);
        assertThatThrownBy(() -> LodestoneConfig.load(tmp.resolve("missing.properties"), Map.of()))
                .hasMessageEndingWith("missing.properties does not exist");
    }

    @Test
    void theDistributionShipsTheTemplateOfEverySetting() throws IOException {
        String shipped =
                Files.readString(
                        Path.of("../deploy/distribution/src/dist/config/lodestone.properties"));
        assertThat(shipped)
                .as(
                        "regenerate it: ./bin/lodestone config --template > "
                                + "deploy/distribution/src/dist/config/lodestone.properties")
                .isEqualTo(LodestoneConfig.template());
        for (ConfigOption option : ConfigOption.values()) {
            assertThat(shipped).contains("\n#" + option.key() + "=" + option.defaultValue() + "\n");
        }
        Path uncommented =
                Files.writeString(
                        tmp.resolve("all.properties"),
                        shipped.replaceAll("(?m)^#(\\w[\\w.-]*=)", "$1"));
        assertThat(LodestoneConfig.load(uncommented, Map.of()).kafkaOverrides())
                .as("every line it comments out is a valid setting")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void everyOptionIsDocumentedInTheReadmeWithItsDefault() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        for (ConfigOption option : ConfigOption.values()) {
            String shownDefault =
                    option.defaultValue().isEmpty() ? "(empty)" : "`" + option.defaultValue() + "`";
            assertThat(readme)
                    .as(option.key())
                    .contains("| `" + option.key() + "` | " + shownDefault + " |");
        }
    }
}
