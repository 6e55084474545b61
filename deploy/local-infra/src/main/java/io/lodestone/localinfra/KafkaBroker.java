package io.lodestone.localinfra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A real Apache Kafka broker in KRaft combined mode (broker and controller in one process), run from
 * the classpath that {@code deploy/broker} materialises. Single node: every internal topic has
 * replication factor 1 so transactions (exactly-once) work.
 */
final class KafkaBroker {

    private KafkaBroker() {
    }

    static ServerProcess.Spec spec(LocalInfra.Settings s) {
        Path dir = s.dataDir().resolve("kafka");
        Path lib = s.home().resolve("deploy/broker/target/lib");
        if (!Files.isDirectory(lib)) {
            throw new LocalInfraException("the Kafka broker is not built (" + lib + " is missing): run "
                    + "'mvn -B -f " + s.home().resolve("pom.xml") + " install -DskipTests', or just './bin/lodestone'");
        }
        List<String> java = List.of(LocalInfra.java(), "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", s.home().resolve("deploy/broker/target/classes") + File.pathSeparator + lib + File.separator + "*");
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of("kafka.Kafka", dir.resolve("server.properties").toString()));
        return new ServerProcess.Spec("Kafka broker", command, dir.resolve("server.log"), dir.resolve("broker.pid"),
                s.brokerPort(), () -> ready(s.brokerPort()), () -> prepare(s, java));
    }

    /** Writes server.properties and formats the log directory the first time. */
    static void prepare(LocalInfra.Settings s, List<String> javaCommand) {
        Path dir = s.dataDir().resolve("kafka");
        Path data = dir.resolve("data");
        try {
            Files.createDirectories(dir);
            Path properties = dir.resolve("server.properties");
            String quorum = "127.0.0.1:" + s.controllerPort();
            if (Files.exists(data.resolve("meta.properties")) && Files.exists(properties)
                    && !Files.readString(properties).contains("controller.quorum.bootstrap.servers=" + quorum + "\n")) {
                throw new LocalInfraException("the broker data in " + data + " was formatted for another controller port; "
                        + "start with the port used before, or delete " + s.dataDir() + " to start from empty");
            }
            Files.writeString(properties, String.join("\n",
                    "# Written by lodestone infra up; edits are overwritten on the next start.",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.bootstrap.servers=" + quorum,
                    "listeners=PLAINTEXT://127.0.0.1:" + s.brokerPort() + ",CONTROLLER://" + quorum,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + s.brokerPort(),
                    "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "log.dirs=" + data,
                    "num.partitions=3",
                    "auto.create.topics.enable=false",
                    "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "") + "\n");
            if (!Files.exists(data.resolve("meta.properties"))) {
                String clusterId = run(javaCommand, List.of("kafka.tools.StorageTool", "random-uuid"), dir).strip();
                clusterId = clusterId.substring(clusterId.lastIndexOf('\n') + 1).strip();
                run(javaCommand, List.of("kafka.tools.StorageTool", "format", "--standalone", "-t", clusterId, "-c",
                        properties.toString()), dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the broker's data directory " + dir, e);
        }
    }

    private static String run(List<String> javaCommand, List<String> args, Path dir) throws IOException {
        List<String> command = new ArrayList<>(javaCommand);
        command.addAll(args);
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new LocalInfraException("'" + String.join(" ", args) + "' failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalInfraException("interrupted while formatting the broker's storage");
        }
        return output;
    }

    /** Ready when the broker answers a metadata request. */
    static boolean ready(int port) {
        if (!ServerProcess.portInUse(port)) {
            return false;
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }
}
