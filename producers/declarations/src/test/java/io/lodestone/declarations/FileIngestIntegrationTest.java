package io.lodestone.declarations;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.avro.Shipment;
import io.lodestone.schemas.registry.ApicurioSchemaRegistry;
import io.lodestone.schemas.registry.RegistrySerdes;
import io.lodestone.schemas.topics.TopicProvisioner;
import io.lodestone.schemas.topics.Topics;
import io.lodestone.testsupport.KafkaBrokerExtension;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Ingests files into a real broker through the real registry and reads them back. */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class FileIngestIntegrationTest {

    @TempDir Path tmp;

    private static String line(int n) {
        return String.format(
                "{\"shipmentId\":\"SHP-%04d\",\"eventTime\":\"2025-01-%02dT08:00:00Z\",\"reporter\":\"CN\","
                    + "\"flow\":\"EXPORT\","
                    + "\"hsCode\":\"8110.10\",\"originCountry\":\"CN\",\"exportCountry\":\"CN\",\"importCountry\":\"TH\","
                    + "\"transitCountries\":[],\"exporterId\":\"CN-EXP-1\",\"exporterName\":\"Hunan"
                    + " Antimony\",\"consigneeId\":\"TH-IMP-1\",\"consigneeName\":\"Siam Antimony"
                    + " Trading Co.,"
                    + " Ltd.\",\"endUse\":\"CIVILIAN\",\"netWeightKg\":%d,\"valueUsd\":%d}",
                n, 1 + n % 28, 1000 + n, 40 * n);
    }

    @Test
    void aThousandLinesWithThreeBadOnesPublishes997AndNamesExactlyThoseLines() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int n = 1; n <= 1000; n++) {
            lines.add(line(n));
        }
        lines.set(16, "{\"shipmentId\":\"SHP-0017\","); // line 17: truncated JSON
        lines.set(
                499,
                line(500)
                        .replace(
                                "\"hsCode\":\"8110.10\",", "")); // line 500: required field missing
        lines.set(
                998,
                line(999)
                        .replace(
                                "\"netWeightKg\":1999",
                                "\"netWeightKg\":-5")); // line 999: weight below zero
        Path file = tmp.resolve("shipments.jsonl");
        Files.write(file, lines);

        Topics topics = new Topics("ingest-test.");
        TopicProvisioner.createMissing(
                KafkaBrokerExtension.bootstrapServers(),
                topics.definitions(3, (short) 1),
                Duration.ofSeconds(30));
        List<String> progress = new ArrayList<>();
        long started = System.currentTimeMillis();
        FileIngest.Report report;
        try (Producer<String, SpecificRecord> producer =
                FileIngest.createProducer(
                        KafkaBrokerExtension.bootstrapServers(), SchemaRegistryExtension.url())) {
            report =
                    new FileIngest(producer, topics.shipments(), EventKind.SHIPMENTS)
                            .run(file, progress::add);
        }

        assertThat(report.read()).isEqualTo(1000);
        assertThat(report.published()).isEqualTo(997);
        assertThat(report.rejected()).isEqualTo(3);
        assertThat(report.rejections())
                .extracting(FileIngest.Rejection::lineNumber)
                .containsExactly(17L, 500L, 999L);
        assertThat(report.rejections().get(0).reason()).startsWith("NOT_JSON: not valid JSON");
        assertThat(report.rejections().get(1).reason())
                .isEqualTo("MISSING_FIELD: missing required field hsCode");
        assertThat(report.rejections().get(2).reason())
                .isEqualTo("INVALID_FIELD: netWeightKg must be greater than 0, got -5");
        assertThat(progress)
                .contains("rejected line 500: MISSING_FIELD: missing required field hsCode");
        assertThat(report.summary())
                .startsWith("shipments.jsonl: read 1,000, published 997, rejected 3");

        Map<String, ConsumerRecord<String, Shipment>> published = readAll(topics.shipments(), 997);
        assertThat(published).hasSize(997).doesNotContainKeys("SHP-0017", "SHP-0500", "SHP-0999");
        ConsumerRecord<String, Shipment> r42 = published.get("SHP-0042");
        assertThat(r42.value().getHsCode()).isEqualTo("811010");
        assertThat(r42.value().getNetWeightKg()).isEqualTo(1042.0);
        assertThat(r42.value().getEventTime()).isEqualTo(Instant.parse("2025-01-15T08:00:00Z"));
        // The record timestamp is arrival, so the broker's retention never deletes history on
        // arrival.
        assertThat(r42.timestamp()).isGreaterThanOrEqualTo(started);
        assertThat(r42.value().getConsigneeName()).isEqualTo("Siam Antimony Trading Co., Ltd.");
    }

    @Test
    void aLineThatIsNotUtf8OrTooLargeIsOneRejectedLineAndTheRunGoesOnToTheNextFile()
            throws Exception {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        for (int n = 1; n <= 30; n++) {
            first.writeBytes((line(n) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        first.writeBytes(
                "{\"shipmentId\":\"U8-1\",\"exporterName\":\"Yun"
                        .getBytes(StandardCharsets.UTF_8)); // line 31
        first.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe});
        first.writeBytes("nan\"}\n".getBytes(StandardCharsets.UTF_8));
        first.writeBytes(
                (line(32).replace("Hunan Antimony", "H" + "a".repeat(5_000_000)) + "\n")
                        .getBytes(StandardCharsets.UTF_8)); // 5 MB
        for (int n = 33; n <= 40; n++) {
            first.writeBytes((line(n) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Path firstFile = tmp.resolve("first.jsonl");
        Files.write(firstFile, first.toByteArray());
        Path secondFile = tmp.resolve("second.jsonl");
        List<String> second = new ArrayList<>();
        for (int n = 41; n <= 60; n++) {
            second.add(line(n));
        }
        Files.write(secondFile, second);

        Topics topics = new Topics("ingest-bad-lines.");
        TopicProvisioner.createMissing(
                KafkaBrokerExtension.bootstrapServers(),
                topics.definitions(1, (short) 1),
                Duration.ofSeconds(30));
        FileIngest.Report firstReport;
        FileIngest.Report secondReport;
        try (Producer<String, SpecificRecord> producer =
                FileIngest.createProducer(
                        KafkaBrokerExtension.bootstrapServers(), SchemaRegistryExtension.url())) {
            FileIngest ingest = new FileIngest(producer, topics.shipments(), EventKind.SHIPMENTS);
            firstReport = ingest.run(firstFile, line -> {});
            secondReport = ingest.run(secondFile, line -> {});
        }

        assertThat(firstReport.read()).isEqualTo(40);
        assertThat(firstReport.published()).isEqualTo(38);
        assertThat(firstReport.rejections())
                .extracting(FileIngest.Rejection::lineNumber)
                .containsExactly(31L, 32L);
        assertThat(firstReport.rejections().get(0).reason())
                .isEqualTo("NOT_UTF8: byte 0xFF at byte 41 of the line");
        assertThat(firstReport.rejections().get(1).reason())
                .matches(
                        "RECORD_TOO_LARGE: the line has 5,000,[0-9]{3} bytes, a record may have at"
                                + " most 1,048,576");
        assertThat(secondReport.published()).isEqualTo(20);
        assertThat(readAll(topics.shipments(), 58))
                .hasSize(58)
                .doesNotContainKeys("U8-1", "SHP-0032")
                .containsKeys("SHP-0030", "SHP-0033", "SHP-0060");
    }

    private static Map<String, ConsumerRecord<String, Shipment>> readAll(
            String topic, int expected) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, ConsumerRecord<String, Shipment>> byKey = new HashMap<>();
        try (KafkaConsumer<String, Shipment> consumer =
                new KafkaConsumer<>(
                        props,
                        new StringDeserializer(),
                        RegistrySerdes.<Shipment>valueSerde(
                                        ApicurioSchemaRegistry.of(SchemaRegistryExtension.url()))
                                .deserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int read = 0;
            while (read < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Shipment> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    byKey.put(record.key(), record);
                    read++;
                }
            }
            assertThat(read).as("records on " + topic).isEqualTo(expected);
        }
        return byKey;
    }
}
