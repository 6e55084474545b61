package io.lodestone.cli;

import io.lodestone.localinfra.LocalInfra;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the local broker and registry live and listen. */
final class InfraOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:LODESTONE_DATA_DIR}",
            description = "Data, logs and pid files of the local servers (default: <project>/.lodestone; env LODESTONE_DATA_DIR).")
    Path dataDir;

    @Option(names = "--broker-port", defaultValue = "${env:LODESTONE_BROKER_PORT:-9092}",
            description = "Kafka broker port (default: ${DEFAULT-VALUE}; env LODESTONE_BROKER_PORT).")
    int brokerPort;

    @Option(names = "--controller-port", defaultValue = "${env:LODESTONE_CONTROLLER_PORT:-9093}",
            description = "KRaft controller port (default: ${DEFAULT-VALUE}; env LODESTONE_CONTROLLER_PORT).")
    int controllerPort;

    @Option(names = "--registry-port", defaultValue = "${env:LODESTONE_REGISTRY_PORT:-8081}",
            description = "Schema registry port (default: ${DEFAULT-VALUE}; env LODESTONE_REGISTRY_PORT).")
    int registryPort;

    LocalInfra.Settings settings() {
        Path home = LocalInfra.findProjectHome();
        LocalInfra.Settings defaults = LocalInfra.Settings.defaults(home);
        return new LocalInfra.Settings(home, dataDir != null ? dataDir.toAbsolutePath() : defaults.dataDir(),
                brokerPort, controllerPort, registryPort, defaults.startTimeout());
    }
}
