package io.lodestone.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.declarations.EventKind;
import io.lodestone.declarations.FileIngest;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.localinfra.Ports;
import io.lodestone.testsupport.ConsumerGroups;
import io.lodestone.testsupport.SampleAlerts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The three images as containers (Testcontainers on Podman): lodestone-kafka, lodestone-registry
 * and the lodestone app, configured only through its environment. The sample dataset ingested from
 * outside gives the sample's exact alerts, {@code /health/ready} turns ready and {@code /metrics}
 * scrapes; a stop is a graceful SIGTERM.
 */
class LodestoneImageIT {

    private static final String VERSION = System.getProperty("lodestone.version", "0.1.0-SNAPSHOT");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static DockerImageName image(String name) {
        return DockerImageName.parse("localhost/" + name + ":" + VERSION);
    }

    /**
     * The broker image on the host's network, listening on {@code port}: its advertised address is
     * then the one clients outside the container use too.
     */
    static GenericContainer<?> kafka(int port) {
        return new GenericContainer<>(image("lodestone-kafka"))
                .withNetworkMode("host")
                .withEnv(
                        Map.of(
                                "KAFKA_PORT",
                                String.valueOf(port),
                                "KAFKA_CONTROLLER_PORT",
                                String.valueOf(Ports.freePort()),
                                "KAFKA_ADVERTISED",
                                "127.0.0.1:" + port))
                .waitingFor(
                        Wait.forLogMessage(".*Kafka Server started.*", 1)
                                .withStartupTimeout(Duration.ofSeconds(180)));
    }

    /** The registry image, its port 8081 mapped to one of the host's. */
    static GenericContainer<?> registry() {
        return new GenericContainer<>(image("lodestone-registry"))
                .withExposedPorts(8081)
                .waitingFor(
                        Wait.forHttp("/health/ready")
                                .forPort(8081)
                                .withStartupTimeout(Duration.ofSeconds(180)));
    }

    @Test
    void theAppImageProcessesTheSampleAgainstBrokerAndRegistryContainers() throws Exception {
        Assumptions.assumeFalse(
                Boolean.getBoolean("lodestone.containers.skip"),
                "container tests skipped: Podman could not be prepared here (bin/test says why); CI"
                        + " always runs them");
        int kafkaPort = Ports.freePort();
        int appPort = Ports.freePort();
        try (GenericContainer<?> kafka = kafka(kafkaPort);
                GenericContainer<?> registry = registry()) {
            kafka.start();
            registry.start();
            String bootstrap = "127.0.0.1:" + kafkaPort;
            String registryUrl = "http://127.0.0.1:" + registry.getMappedPort(8081);
            try (GenericContainer<?> app =
                    new GenericContainer<>(image("lodestone"))
                            .withNetworkMode("host")
                            // as Kubernetes runs it: a read-only root file system, /tmp writable
                            .withCreateContainerCmdModifier(
                                    cmd -> cmd.getHostConfig().withReadonlyRootfs(true))
                            .withTmpFs(Map.of("/tmp", "rw"))
                            .withEnv(
                                    Map.of(
                                            "LODESTONE_BOOTSTRAP_SERVERS",
                                            bootstrap,
                                            "LODESTONE_SCHEMA_REGISTRY_URL",
                                            registryUrl,
                                            "LODESTONE_HTTP_PORT",
                                            String.valueOf(appPort)))
                            .waitingFor(
                                    Wait.forLogMessage(
                                                    ".*Kafka Streams REBALANCING -> RUNNING.*", 1)
                                            .withStartupTimeout(Duration.ofSeconds(180)))) {
                app.start();
                assertThat(get(appPort, "/health/ready").statusCode()).isEqualTo(200);

                Path sample = LocalInfra.findProjectHome().resolve("producers/sample-data");
                try (Producer<String, SpecificRecord> producer =
                        FileIngest.createProducer(bootstrap, registryUrl)) {
                    assertThat(
                                    new FileIngest(
                                                    producer,
                                                    "lodestone.licenses",
                                                    EventKind.LICENSES)
                                            .run(sample.resolve("licenses.jsonl"), l -> {})
                                            .rejected())
                            .isZero();
                    // the licences first, as the sample test does: shipments join the licence
                    // versions they find
                    ConsumerGroups.requireProcessed(
                            bootstrap, "lodestone", "lodestone.licenses", Duration.ofMinutes(3));
                    FileIngest.Report shipments =
                            new FileIngest(producer, "lodestone.shipments", EventKind.SHIPMENTS)
                                    .run(sample.resolve("shipments.jsonl"), l -> {});
                    assertThat(shipments.published()).isEqualTo(3_294);
                }
                assertThat(
                                SampleAlerts.awaitFromMetrics(
                                        bootstrap, "lodestone", "lodestone.shipments", appPort))
                        .containsAllEntriesOf(SampleAlerts.WRITTEN_ONCE);
                assertThat(get(appPort, "/metrics").body())
                        .contains("lodestone_streams_running 1.0")
                        .contains("jvm_memory_used_bytes");

                app.getDockerClient()
                        .stopContainerCmd(app.getContainerId())
                        .withTimeout(30)
                        .exec(); // SIGTERM, then the grace
                assertThat(app.getLogs())
                        .contains("stopping Lodestone")
                        .contains("PENDING_SHUTDOWN -> NOT_RUNNING");
            }
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
