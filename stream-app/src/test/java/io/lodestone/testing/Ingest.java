package io.lodestone.testing;

import io.lodestone.config.LodestoneConfig;
import io.lodestone.declarations.EventKind;
import io.lodestone.declarations.FileIngest;
import java.nio.file.Path;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * JSON Lines files into the app's input topics through the real ingest, as {@code lodestone ingest}
 * does.
 */
public final class Ingest {

    private Ingest() {}

    /**
     * {@code file} of {@code kind} to its topic at {@code recordsPerSecond} (0: as fast as Kafka
     * takes them), with a producer of its own.
     */
    public static FileIngest.Report file(
            LodestoneConfig config, EventKind kind, Path file, double recordsPerSecond)
            throws Exception {
        try (Producer<String, SpecificRecord> producer =
                FileIngest.createProducer(
                        config.kafkaClient(ProducerConfig.configNames()), config.registry())) {
            return new FileIngest(producer, kind.topic(config.topics()), kind, recordsPerSecond)
                    .run(file, line -> {});
        }
    }

    /** The licences, then the shipments, as fast as Kafka takes them. */
    public static void history(LodestoneConfig config, SimulatedHistory.Files history)
            throws Exception {
        file(config, EventKind.LICENSES, history.licences(), 0);
        file(config, EventKind.SHIPMENTS, history.shipments(), 0);
    }
}
