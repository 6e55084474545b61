package io.lodestone.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.config.LodestoneConfig;
import io.lodestone.testing.Shipments;
import io.lodestone.testing.TestConfigs;
import io.lodestone.testing.TopicReader;
import io.lodestone.testsupport.KafkaBrokerExtension;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * /metrics and /health of the app running on a real broker: exact business counters, Kafka Streams
 * and JVM metrics.
 */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class MetricsIntegrationTest {

    @TempDir Path tmp;

    @Test
    void countsEveryOutcomeAndServesKafkaStreamsAndJvmMetrics() throws Exception {
        LodestoneConfig config = TestConfigs.forBroker("metrics", tmp.resolve("state"), Map.of());
        HttpClient http = HttpClient.newHttpClient();
        try (LodestoneApp app = LodestoneApp.start(config)) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            URI base = URI.create("http://127.0.0.1:" + app.httpPort());
            assertThat(
                            http.send(
                                            HttpRequest.newBuilder(base.resolve("/health/ready"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .statusCode())
                    .isEqualTo(200);

            Shipments.publishOneOfEachOutcome(config);
            assertThat(
                            TopicReader.awaitCaughtUp(
                                    config.bootstrapServers(),
                                    config.applicationId(),
                                    config.topics().shipments(),
                                    Duration.ofSeconds(60)))
                    .isTrue();

            String metrics = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!metrics.contains("lodestone_alerts_total{") && System.nanoTime() < deadline) {
                Thread.sleep(200);
                metrics =
                        http.send(
                                        HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body();
            }
            String shipments = config.topics().shipments();
            assertThat(metrics)
                    .contains("lodestone_shipments_total{outcome=\"accepted\"} 2.0")
                    .contains("lodestone_shipments_total{outcome=\"duplicate\"} 1.0")
                    .contains("lodestone_unit_value_skipped_total{reason=\"missing\"} 1.0")
                    .contains(
                            "lodestone_dlq_records_total{reason=\"UNKNOWN_COUNTRY\",topic=\""
                                    + shipments
                                    + "\"} 1.0")
                    .contains(
                            "lodestone_alerts_total{severity=\"CRITICAL\",type=\"UNLICENSED_EXPORT\"}"
                                + " 1.0")
                    .contains(
                            "lodestone_route_net_weight_kilograms_total{commodity=\"antimony\",export_country=\"AU\",import_country=\"JP\",origin=\"AU\"}"
                                + " 1500.0")
                    .contains("lodestone_streams_running 1.0")
                    .contains("kafka_stream_thread_process_total")
                    .contains("jvm_memory_used_bytes")
                    .doesNotContain("SHP-1");
        }
    }
}
