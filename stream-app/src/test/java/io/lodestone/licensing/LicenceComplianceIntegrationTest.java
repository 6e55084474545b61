package io.lodestone.licensing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.app.LodestoneApp;
import io.lodestone.avro.Alert;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.declarations.EventKind;
import io.lodestone.declarations.FileIngest;
import io.lodestone.schemas.registry.RegistrySerdes;
import io.lodestone.testing.TestConfigs;
import io.lodestone.testing.TopicReader;
import io.lodestone.testsupport.KafkaBrokerExtension;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A licence and shipment scenario ingested from JSON Lines into the app on a real broker and
 * registry.
 */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class LicenceComplianceIntegrationTest {

    @TempDir Path tmp;

    private static String licence(
            String id,
            int revision,
            String time,
            String status,
            String hs,
            String destinations,
            String endUsers,
            String limit,
            String from,
            String to) {
        return String.format(
                "{\"licenseId\":\"%s\",\"revision\":%d,\"eventTime\":\"%s\",\"status\":\"%s\",\"licenseType\":\"GENERAL\","
                    + "\"issuingCountry\":\"CN\",\"exporterId\":\"CN-EXP-1\",\"hsCodes\":[%s],\"permittedDestinations\":[%s],"
                    + "\"permittedEndUsers\":[%s],\"quantityLimitKg\":%s,\"validFrom\":\"%s\",\"validTo\":\"%s\"}",
                id, revision, time, status, hs, destinations, endUsers, limit, from, to);
    }

    private static String shipment(
            String id,
            String time,
            String hs,
            String importer,
            int kg,
            String licence,
            String endUse) {
        return String.format(
                "{\"shipmentId\":\"%s\",\"eventTime\":\"%s\",\"reporter\":\"CN\",\"flow\":\"EXPORT\",\"hsCode\":\"%s\","
                    + "\"originCountry\":\"CN\",\"exportCountry\":\"CN\",\"importCountry\":\"%s\",\"exporterId\":\"CN-EXP-1\",\"exporterName\":\"Hunan"
                    + " Antimony\",\"consigneeId\":\"IMP-1\",\"consigneeName\":\"Detroit Motor"
                    + " Components, LLC\",\"endUse\":\"%s\",\"netWeightKg\":%d%s}",
                id,
                time,
                hs,
                importer,
                endUse,
                kg,
                licence == null ? "" : ",\"licenseId\":\"" + licence + "\"");
    }

    @Test
    void theScenarioGivesExactlyTheExpectedAlerts() throws Exception {
        LodestoneConfig config =
                TestConfigs.forBroker(
                        "lic", tmp.resolve("state"), Map.of("license.join.grace", "PT0S"));
        Path licences =
                Files.write(
                        tmp.resolve("licenses.jsonl"),
                        List.of(
                                licence(
                                        "L1",
                                        1,
                                        "2025-01-01T00:00:00Z",
                                        "GRANTED",
                                        "\"8110\",\"282580\"",
                                        "\"TH\",\"MX\"",
                                        "",
                                        "30000",
                                        "2025-01-01T00:00:00Z",
                                        "2026-01-01T00:00:00Z"),
                                licence(
                                        "L2",
                                        1,
                                        "2025-01-01T00:00:00Z",
                                        "GRANTED",
                                        "\"282580\"",
                                        "\"MX\"",
                                        "",
                                        "null",
                                        "2025-01-01T00:00:00Z",
                                        "2026-01-01T00:00:00Z"),
                                licence(
                                        "L2",
                                        2,
                                        "2025-03-01T00:00:00Z",
                                        "REVOKED",
                                        "\"282580\"",
                                        "\"MX\"",
                                        "",
                                        "null",
                                        "2025-01-01T00:00:00Z",
                                        "2026-01-01T00:00:00Z"),
                                licence(
                                        "L3",
                                        1,
                                        "2025-06-01T00:00:00Z",
                                        "GRANTED",
                                        "\"850511\"",
                                        "\"US\"",
                                        "\"Detroit Motor Components LLC\"",
                                        "60000",
                                        "2025-06-01T00:00:00Z",
                                        "2025-12-01T00:00:00Z")));
        String s1 =
                shipment(
                        "S1", "2025-02-01T08:00:00Z", "2825.80.00", "TH", 10_000, "L1", "CIVILIAN");
        // S1 arrives a day before the rest (as it would live): which shipment crosses a quota
        // depends on the order shipments reach the licence's task, and records of different input
        // partitions are only put back in event-time order within license.join.grace (see
        // docs/architecture.md).
        Path first = Files.write(tmp.resolve("first.jsonl"), List.of(s1));
        Path shipments =
                Files.write(
                        tmp.resolve("shipments.jsonl"),
                        List.of(
                                shipment(
                                        "S2",
                                        "2025-02-02T08:00:00Z",
                                        "8110.10",
                                        "TH",
                                        25_000,
                                        "L1",
                                        "CIVILIAN"), // 35 t > 30 t
                                s1, // re-sent
                                shipment(
                                        "S3",
                                        "2025-02-03T08:00:00Z",
                                        "28258000",
                                        "US",
                                        5_000,
                                        null,
                                        "CIVILIAN"), // no licence
                                shipment(
                                        "S9",
                                        "2025-02-04T08:00:00Z",
                                        "28258000",
                                        "TH",
                                        1_000,
                                        "L1",
                                        "CIVILIAN"), // already over
                                shipment(
                                        "S4",
                                        "2025-03-02T08:00:00Z",
                                        "28258000",
                                        "MX",
                                        2_000,
                                        "L2",
                                        "CIVILIAN"), // revoked
                                shipment(
                                        "S5",
                                        "2025-06-10T08:00:00Z",
                                        "85051110",
                                        "US",
                                        800,
                                        "L3",
                                        "MILITARY"), // end use
                                shipment(
                                        "S6",
                                        "2025-06-11T08:00:00Z",
                                        "85051110",
                                        "US",
                                        900,
                                        "L3",
                                        "CIVILIAN"),
                                shipment(
                                        "S7",
                                        "2025-06-12T08:00:00Z",
                                        "28369100",
                                        "JP",
                                        4_000,
                                        null,
                                        "CIVILIAN"))); // lithium: not controlled
        Set<String> expected =
                Set.of(
                        "LICENSE_QUOTA_EXCEEDED S2",
                        "UNLICENSED_EXPORT S3",
                        "LICENSE_NOT_VALID S4",
                        "LICENSE_SCOPE_VIOLATION S5");

        try (LodestoneApp app = LodestoneApp.start(config);
                Producer<String, SpecificRecord> producer =
                        FileIngest.createProducer(
                                config.bootstrapServers(), config.registryUrl())) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            assertThat(
                            new FileIngest(producer, config.topics().licenses(), EventKind.LICENSES)
                                    .run(licences, line -> {})
                                    .published())
                    .isEqualTo(4);
            assertThat(
                            TopicReader.awaitCaughtUp(
                                    config.bootstrapServers(),
                                    config.applicationId(),
                                    config.topics().licenses(),
                                    Duration.ofSeconds(60)))
                    .isTrue();
            FileIngest shipmentIngest =
                    new FileIngest(producer, config.topics().shipments(), EventKind.SHIPMENTS);
            assertThat(shipmentIngest.run(first, line -> {}).published()).isEqualTo(1);
            assertThat(
                            TopicReader.awaitCaughtUp(
                                    config.bootstrapServers(),
                                    config.applicationId(),
                                    config.topics().shipments(),
                                    Duration.ofSeconds(60)))
                    .isTrue();
            assertThat(shipmentIngest.run(shipments, line -> {}).published()).isEqualTo(8);
            assertThat(
                            TopicReader.awaitCaughtUp(
                                    config.bootstrapServers(),
                                    config.applicationId(),
                                    config.topics().shipments(),
                                    Duration.ofSeconds(60)))
                    .isTrue();

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Set<String> alerts = alerts(config);
            while (!alerts.containsAll(expected) && System.nanoTime() < deadline) {
                Thread.sleep(500);
                alerts = alerts(config);
            }
            Thread.sleep(2_000); // anything extra would have arrived by now
            assertThat(alerts(config)).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static Set<String> alerts(LodestoneConfig config) {
        Set<String> found = new TreeSet<>();
        for (ConsumerRecord<String, Alert> r :
                TopicReader.readAll(
                        config.bootstrapServers(),
                        config.topics().alerts(),
                        new StringDeserializer(),
                        RegistrySerdes.<Alert>valueSerde(config.schemaRegistry()).deserializer())) {
            assertThat(r.key()).isEqualTo(r.value().getAlertId());
            found.add(r.value().getType() + " " + r.value().getShipmentIds().get(0));
        }
        return found;
    }
}
