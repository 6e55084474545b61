package io.lodestone.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lodestone.app.LodestoneApp;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.testing.TestConfigs;
import io.lodestone.testing.TopicReader;
import io.lodestone.testsupport.KafkaBrokerExtension;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lodestone with clients nobody here wrote: Debian's python3-confluent-kafka (librdkafka + the
 * Confluent Avro serializer over the registry's Confluent-compatible API) produces shipments and
 * decodes route volumes; kcat (librdkafka) produces a record that is not Avro and reads it back
 * from the DLQ with its reason header. Needs bin/install-test-deps (bin/test runs it).
 */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class ConfluentClientsInteropIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path HOME = LocalInfra.findProjectHome();
    private final ForeignClients clients = ForeignClients.debian();

    @TempDir Path tmp;

    static String shipment(String id, String time, String hs, String importer, int kg, int usd) {
        return String.format(
                "{\"shipmentId\":\"%s\",\"eventTime\":\"%s\",\"reporter\":\"CN\",\"flow\":\"EXPORT\",\"hsCode\":\"%s\","
                    + "\"originCountry\":\"CN\",\"exportCountry\":\"CN\",\"importCountry\":\"%s\",\"transitCountries\":[],\"exporterId\":\"CN-EXP-1\",\"exporterName\":\"Hunan"
                    + " Antimony\",\"consigneeId\":\"TH-IMP-1\",\"consigneeName\":\"Siam\","
                    + "\"endUserName\":null,\"endUse\":\"CIVILIAN\",\"netWeightKg\":%d.0,\"valueUsd\":%d.0,\"licenseId\":null,"
                    + "\"transportMode\":\"SEA\"}",
                id, time, hs, importer, kg, usd);
    }

    @Test
    void pythonAndKcatProduceAndReadLodestoneTopicsThroughTheRegistry() throws Exception {
        LodestoneConfig config = TestConfigs.forBroker("interop", tmp.resolve("state"), Map.of());
        String bootstrap = config.bootstrapServers();
        String ccompat = config.registryUrl() + "/apis/ccompat/v7";
        Path input =
                Files.write(
                        tmp.resolve("shipments.jsonl"),
                        List.of(
                                shipment(
                                        "SHP-PY-1",
                                        "2025-03-01T08:00:00Z",
                                        "28258000",
                                        "TH",
                                        12000,
                                        300000),
                                shipment(
                                        "SHP-PY-2",
                                        "2025-03-01T15:30:00Z",
                                        "81101000",
                                        "TH",
                                        8000,
                                        150000),
                                shipment(
                                        "SHP-PY-3",
                                        "2025-03-02T09:00:00Z",
                                        "28258000",
                                        "MX",
                                        5000,
                                        90000),
                                shipment(
                                        "SHP-PY-4",
                                        "2025-03-02T10:00:00Z",
                                        "2825.80",
                                        "MX",
                                        1,
                                        1))); // dots are not digits: DLQ

        try (LodestoneApp app = LodestoneApp.start(config)) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            String produced =
                    clients.python(
                            "produce",
                            bootstrap,
                            ccompat,
                            config.topics().shipments(),
                            HOME.resolve("schemas/src/main/avro/Shipment.avsc").toString(),
                            input.toString());
            assertThat(ForeignClients.librdkafka(produced)).as("Debian's").isEqualTo("2.0.2");
            assertThat(ForeignClients.records(produced).get(0).get("produced").asInt())
                    .isEqualTo(4);
            clients.kcat(
                    "SHP-KCAT|this is not avro\n",
                    "-P",
                    "-b",
                    bootstrap,
                    "-t",
                    config.topics().shipments(),
                    "-K",
                    "|");
            assertThat(
                            TopicReader.awaitCaughtUp(
                                    bootstrap,
                                    config.applicationId(),
                                    config.topics().shipments(),
                                    Duration.ofSeconds(60)))
                    .isTrue();
            assertInteropOutputs(config, bootstrap, ccompat);
        }
    }

    private void assertInteropOutputs(LodestoneConfig config, String bootstrap, String ccompat)
            throws Exception {
        // Python decodes every route-volume record through the registry; the newest per route-day
        // holds the totals.
        Map<String, JsonNode> latest = new HashMap<>();
        for (JsonNode record :
                ForeignClients.records(
                        clients.python(
                                "consume",
                                bootstrap,
                                ccompat,
                                config.topics().routeVolumes(),
                                "2"))) {
            assertThat(record.get("schemaId").asInt()).isPositive();
            latest.put(
                    record.get("key").asText()
                            + "@"
                            + record.get("value").get("windowStart").asText(),
                    record.get("value"));
        }
        assertThat(latest)
                .containsOnlyKeys(
                        "antimony|CN|CN|TH@2025-03-01T00:00:00Z",
                        "antimony|CN|CN|MX@2025-03-02T00:00:00Z");
        JsonNode th = latest.get("antimony|CN|CN|TH@2025-03-01T00:00:00Z");
        assertThat(th.get("netWeightKg").asDouble()).isEqualTo(20000.0);
        assertThat(th.get("valueUsd").asDouble()).isEqualTo(450000.0);
        assertThat(th.get("shipmentCount").asLong()).isEqualTo(2);
        assertThat(th.get("windowEnd").asText()).isEqualTo("2025-03-02T00:00:00Z");
        assertThat(
                        latest.get("antimony|CN|CN|MX@2025-03-02T00:00:00Z")
                                .get("netWeightKg")
                                .asDouble())
                .isEqualTo(5000.0);

        // kcat reads the DLQ (committed records only): its own record and Python's bad one, each
        // with its reason.
        Map<String, String> reasons = new HashMap<>();
        for (String line :
                clients.kcat(
                                null,
                                "-C",
                                "-b",
                                bootstrap,
                                "-t",
                                config.topics().dlq(),
                                "-o",
                                "beginning",
                                "-e",
                                "-q",
                                "-J",
                                "-X",
                                "isolation.level=read_committed")
                        .split("\n")) {
            JsonNode envelope = JSON.readTree(line);
            JsonNode headers = envelope.get("headers");
            for (int i = 0; i + 1 < headers.size(); i += 2) {
                if (headers.get(i).asText().equals("lodestone.dlq.reason")) {
                    reasons.put(envelope.get("key").asText(), headers.get(i + 1).asText());
                }
            }
            if (envelope.get("key").asText().equals("SHP-KCAT")) {
                assertThat(envelope.get("payload").asText()).isEqualTo("this is not avro");
            }
        }
        assertThat(reasons)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("SHP-KCAT", "INVALID_AVRO", "SHP-PY-4", "INVALID_HS_CODE"));
    }
}
