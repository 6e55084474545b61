package io.lodestone.devtools;

import io.lodestone.localinfra.LocalInfra;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the local broker and registry live and listen. */
final class InfraOptions {

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "${env:LODESTONE_DATA_DIR}",
            description =
                    "Data, logs and pid files of the local servers (default: <project>/.lodestone,"
                        + " with --secure <project>/.lodestone-secure; env LODESTONE_DATA_DIR).")
    Path dataDir;

    @Option(
            names = "--secure",
            description = {
                "The secured local infrastructure: Kafka on SASL_SSL (SCRAM-SHA-512) with ACLs, the"
                    + " registry on HTTPS, with a CA, certificates and passwords made for it. 'up"
                    + " --secure' secures a new data directory; a secured one always runs secured."
            })
    boolean secure;

    @Option(
            names = "--broker-port",
            defaultValue = "${env:LODESTONE_BROKER_PORT:-9092}",
            description =
                    "Kafka broker port (default: ${DEFAULT-VALUE}; env LODESTONE_BROKER_PORT).")
    int brokerPort;

    @Option(
            names = "--controller-port",
            defaultValue = "${env:LODESTONE_CONTROLLER_PORT:-9093}",
            description =
                    "KRaft controller port (default: ${DEFAULT-VALUE}; env"
                            + " LODESTONE_CONTROLLER_PORT).")
    int controllerPort;

    @Option(
            names = "--registry-port",
            defaultValue = "${env:LODESTONE_REGISTRY_PORT:-8081}",
            description =
                    "Schema registry port (default: ${DEFAULT-VALUE}; env"
                            + " LODESTONE_REGISTRY_PORT).")
    int registryPort;

    @Option(
            names = "--connect-port",
            defaultValue = "${env:LODESTONE_CONNECT_PORT:-8083}",
            description =
                    "Kafka Connect worker REST port, with 'up --connect' (default:"
                            + " ${DEFAULT-VALUE}; env LODESTONE_CONNECT_PORT).")
    int connectPort;

    @Option(
            names = "--postgres-port",
            defaultValue = "${env:LODESTONE_POSTGRES_PORT:-5432}",
            description =
                    "PostgreSQL port, with 'up --postgres' (default: ${DEFAULT-VALUE}; env"
                            + " LODESTONE_POSTGRES_PORT).")
    int postgresPort;

    /**
     * The command that stops the servers these options started: {@code infra down} with the same
     * data directory, --secure and the ports that are not the defaults, so the hint works as
     * printed.
     */
    String downCommand() {
        StringBuilder command = new StringBuilder("./bin/lodestone infra down");
        if (dataDir != null) {
            command.append(" --data-dir ").append(dataDir.toAbsolutePath());
        }
        if (secure) {
            command.append(" --secure");
        }
        appendPort(command, "--broker-port", brokerPort, 9092);
        appendPort(command, "--controller-port", controllerPort, 9093);
        appendPort(command, "--registry-port", registryPort, 8081);
        appendPort(command, "--connect-port", connectPort, 8083);
        appendPort(command, "--postgres-port", postgresPort, 5432);
        return command.toString();
    }

    private static void appendPort(StringBuilder command, String option, int port, int standard) {
        if (port != standard) {
            command.append(' ').append(option).append(' ').append(port);
        }
    }

    LocalInfra.Settings settings() {
        Path home = LocalInfra.findProjectHome();
        LocalInfra.Settings defaults = LocalInfra.Settings.defaults(home);
        Path defaultDir = secure ? home.resolve(".lodestone-secure") : defaults.dataDir();
        return new LocalInfra.Settings(
                home,
                dataDir != null ? dataDir.toAbsolutePath() : defaultDir,
                brokerPort,
                controllerPort,
                registryPort,
                defaults.startTimeout());
    }
}
