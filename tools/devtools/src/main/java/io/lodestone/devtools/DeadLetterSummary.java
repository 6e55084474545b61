package io.lodestone.devtools;

import io.lodestone.cli.OutputReader;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.schemas.dlq.DlqHeaders;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads the whole DLQ topic and prints each rejected record's key, reason and detail. */
final class DeadLetterSummary {

    private DeadLetterSummary() {}

    static void print(LodestoneConfig config, PrintStream out) {
        String topic = config.topics().dlq();
        List<String> lines = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r :
                OutputReader.readAll(
                        config, topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            String key = r.key() == null ? "(no key)" : new String(r.key(), StandardCharsets.UTF_8);
            lines.add(
                    String.format(
                            "  %-22s %-26s %s",
                            key, header(r, DlqHeaders.REASON), header(r, DlqHeaders.DETAIL)));
        }
        out.printf("%n  Dead-letter queue %s: %d record(s)%n", topic, lines.size());
        lines.forEach(out::println);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "-" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
