package io.lodestone.cli;

import io.lodestone.config.LodestoneConfig;
import io.lodestone.producers.ingest.EventKind;
import io.lodestone.producers.ingest.FileIngest;
import io.lodestone.schemas.topics.TopicProvisioner;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** Publishes JSON Lines files of shipments or licences. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Validate JSON Lines files (one event per line, the contract's field names) and publish them as Avro.",
                "Each rejected line is reported with its number and reason; the summary says read / published / rejected.",
                "Exit code 0 when every file was read to the end (rejections included), 1 when Kafka or the registry refused records."})
final class IngestCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "KIND", description = "What the files hold: ${COMPLETION-CANDIDATES}.")
    EventKind kind;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE", description = "JSON Lines files.")
    List<Path> files;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws IOException {
        LodestoneConfig cfg = config.load();
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                throw new UserFacingException("cannot read " + file.toAbsolutePath());
            }
        }
        if (cfg.createTopics()) {
            TopicProvisioner.createMissing(cfg.bootstrapServers(),
                    cfg.topics().definitions(cfg.topicPartitions(), cfg.replicationFactor()), Duration.ofSeconds(30));
        }
        ingest(cfg, kind, files);
        return 0;
    }

    /** Ingests the files in order, printing progress and rejections to stderr and one summary per file to stdout. */
    static List<FileIngest.Report> ingest(LodestoneConfig cfg, EventKind kind, List<Path> files) throws IOException {
        String topic = kind.topic(cfg.topics());
        try (Producer<String, SpecificRecord> producer = FileIngest.createProducer(cfg.bootstrapServers(), cfg.registryUrl())) {
            FileIngest ingest = new FileIngest(producer, topic, kind);
            List<FileIngest.Report> reports = new java.util.ArrayList<>();
            for (Path file : files) {
                FileIngest.Report report = ingest.run(file, line -> System.err.println("  " + line));
                System.out.println("ingest " + kind.name().toLowerCase() + " -> " + topic + ": " + report.summary());
                reports.add(report);
            }
            return reports;
        }
    }
}
