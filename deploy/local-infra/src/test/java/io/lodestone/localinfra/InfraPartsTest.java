package io.lodestone.localinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfraPartsTest {

    @TempDir Path home;

    @Test
    void aCloneFindsWhatMavenBuiltAndSaysHowToBuildWhatIsMissing() throws Exception {
        Files.createDirectories(home.resolve("deploy/broker/target/lib"));
        Files.createDirectories(home.resolve("deploy/registry/target"));
        Files.createFile(home.resolve("deploy/registry/target/lodestone-registry-1-runner.jar"));
        InfraParts parts = InfraParts.of(home);

        assertThat(parts.distribution()).isFalse();
        assertThat(parts.kafkaLib()).isEqualTo(home.resolve("deploy/broker/target/lib"));
        assertThat(parts.registryJar())
                .isEqualTo(home.resolve("deploy/registry/target/lodestone-registry-1-runner.jar"));
        assertThatThrownBy(parts::connectPlugins)
                .isInstanceOf(LocalInfraException.class)
                .hasMessage(
                        "the connector plugin is not built: "
                                + home.resolve("connectors/target/plugin/lodestone-connectors")
                                + " is missing. Build it with 'cd "
                                + home
                                + " && mvn -B package -DskipTests -pl connectors -am' (or run"
                                + " ./bin/lodestone, which builds everything).");
    }

    @Test
    void theLocalDistributionFindsItsInfraDirectoryAndSaysToUnpackAgainWhatIsMissing()
            throws Exception {
        Files.createDirectories(home.resolve("infra/kafka/lib"));
        Files.createDirectories(home.resolve("infra/connect-plugins/lodestone-connectors"));
        InfraParts parts = InfraParts.of(home);

        assertThat(parts.distribution()).isTrue();
        assertThat(parts.kafkaLib()).isEqualTo(home.resolve("infra/kafka/lib"));
        assertThat(parts.connectPlugins()).isEqualTo(home.resolve("infra/connect-plugins"));
        assertThatThrownBy(parts::registryJar)
                .isInstanceOf(LocalInfraException.class)
                .hasMessage(
                        "the schema registry is missing from this distribution: "
                                + home.resolve("infra/registry/*-runner.jar")
                                + " does not exist. Unpack lodestone-<version>-local.tar.gz"
                                + " again.");
    }
}
