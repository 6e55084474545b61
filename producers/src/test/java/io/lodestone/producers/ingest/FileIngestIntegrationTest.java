package io.lodestone.producers.ingest;

import io.lodestone.avro.Shipment;
import io.lodestone.localinfra.junit.KafkaBrokerExtension;
import io.lodestone.localinfra.junit.SchemaRegistryExtension;
import io.lodestone.schemas.topics.RegistrySerdes;
import io.lodestone.schemas.topics.TopicProvisioner;
import io.lodestone.schemas.topics.Topics;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Ingests files into a real broker through the real registry and reads them back. */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class FileIngestIntegrationTest {

    @TempDir
    Path tmp;

    private static String line(int n) {
        return String.format("{\"shipmentId\":\"SHP-%04d\",\"eventTime\":\"2025-01-%02dT08:00:00Z\",\"reporter\":\"CN\",\"flow\":\"EXPORT\","
                + "\"hsCode\":\"8110.10\",\"originCountry\":\"CN\",\"exportCountry\":\"CN\",\"importCountry\":\"TH\",\"transitCountries\":[],"
                + "\"exporterId\":\"CN-EXP-1\",\"exporterName\":\"Hunan Antimony\",\"consigneeId\":\"TH-IMP-1\","
                + "\"consigneeName\":\"Siam Antimony Trading Co., Ltd.\",\"endUse\":\"CIVILIAN\",\"netWeightKg\":%d,\"valueUsd\":%d}",
                n, 1 + n % 28, 1000 + n, 40 * n);
    }

    @Test
    void aThousandLinesWithThreeBadOnesPublishes997AndNamesExactlyThoseLines() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int n = 1; n <= 1000; n++) {
            lines.add(line(n));
        }
        lines.set(16, "{\"shipmentId\":\"SHP-0017\",");                      // line 17: truncated JSON
        lines.set(499, line(500).replace("\"hsCode\":\"8110.10\",", ""));    // line 500: required field missing
        lines.set(998, line(999).replace("\"netWeightKg\":1999", "\"netWeightKg\":-5")); // line 999: weight below zero
        Path file = tmp.resolve("shipments.jsonl");
        Files.write(file, lines);

        Topics topics = new Topics("ingest-test.");
        TopicProvisioner.createMissing(KafkaBrokerExtension.bootstrapServers(), topics.definitions(3, (short) 1), Duration.ofSeconds(30));
        List<String> progress = new ArrayList<>();
        long started = System.currentTimeMillis();
        FileIngest.Report report;
        try (Producer<String, SpecificRecord> producer = FileIngest.createProducer(KafkaBrokerExtension.bootstrapServers(),
                SchemaRegistryExtension.url())) {
            report = new FileIngest(producer, topics.shipments(), EventKind.SHIPMENTS).run(file, progress::add);
        }

        assertThat(report.read()).isEqualTo(1000);
        assertThat(report.published()).isEqualTo(997);
        assertThat(report.rejected()).isEqualTo(3);
        assertThat(report.rejections()).extracting(FileIngest.Rejection::lineNumber).containsExactly(17L, 500L, 999L);
        assertThat(report.rejections().get(0).reason()).startsWith("not valid JSON");
        assertThat(report.rejections().get(1).reason()).isEqualTo("missing required field hsCode");
        assertThat(report.rejections().get(2).reason()).isEqualTo("netWeightKg must be greater than 0, got -5");
        assertThat(progress).contains("rejected line 500: missing required field hsCode");
        assertThat(report.summary()).startsWith("shipments.jsonl: read 1,000, published 997, rejected 3");

        Map<String, ConsumerRecord<String, Shipment>> published = readAll(topics.shipments(), 997);
        assertThat(published).hasSize(997).doesNotContainKeys("SHP-0017", "SHP-0500", "SHP-0999");
        ConsumerRecord<String, Shipment> r42 = published.get("SHP-0042");
        assertThat(r42.value().getHsCode()).isEqualTo("811010");
        assertThat(r42.value().getNetWeightKg()).isEqualTo(1042.0);
        assertThat(r42.value().getEventTime()).isEqualTo(Instant.parse("2025-01-15T08:00:00Z"));
        // The record timestamp is arrival, so the broker's retention never deletes history on arrival.
        assertThat(r42.timestamp()).isGreaterThanOrEqualTo(started);
        assertThat(r42.value().getConsigneeName()).isEqualTo("Siam Antimony Trading Co., Ltd.");
    }

    private static Map<String, ConsumerRecord<String, Shipment>> readAll(String topic, int expected) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, ConsumerRecord<String, Shipment>> byKey = new HashMap<>();
        try (KafkaConsumer<String, Shipment> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                RegistrySerdes.<Shipment>valueSerde(SchemaRegistryExtension.url()).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int read = 0;
            while (read < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Shipment> record : consumer.poll(Duration.ofMillis(200))) {
                    byKey.put(record.key(), record);
                    read++;
                }
            }
            assertThat(read).as("records on " + topic).isEqualTo(expected);
        }
        return byKey;
    }
}
