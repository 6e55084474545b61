package io.lodestone.cli;

import io.lodestone.config.LodestoneConfig;
import io.lodestone.declarations.EventKind;
import io.lodestone.declarations.FileIngest;
import io.lodestone.schemas.topics.KafkaClusterException;
import io.lodestone.schemas.topics.TopicProvisioner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Publishes JSON Lines files of shipments or licences. */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = {
            "Validate JSON Lines files (one event per line, the contract's field names) and publish"
                    + " them as Avro.",
            "Each rejected line is reported with its number, a reason code (NOT_UTF8,"
                    + " RECORD_TOO_LARGE: over the 1 MB a record may have, NOT_JSON, MISSING_FIELD,"
                    + " UNKNOWN_FIELD, INVALID_FIELD) and a sentence, and the file goes on; the"
                    + " summary says read / published / rejected.",
            "Exit code 0 when every file was read to the end (rejected lines included); 1 when a"
                    + " file cannot be read or the configuration is invalid (checked before"
                    + " anything is sent), or when Kafka or the registry refused records (later"
                    + " files are not read); 2 on a usage error."
        })
public final class IngestCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            paramLabel = "KIND",
            description = "What the files hold: ${COMPLETION-CANDIDATES}.")
    EventKind kind;

    @Parameters(
            index = "1..*",
            arity = "1..*",
            paramLabel = "FILE",
            description = "JSON Lines files.")
    List<Path> files;

    @Option(
            names = "--rate",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "Publish at most N records a second, like a live feed (default: 0, as fast as"
                            + " possible).")
    double rate;

    @Mixin ConfigOptions config;

    @Override
    public Integer call() throws IOException {
        if (rate < 0) {
            throw new UserFacingException(
                    "--rate must be a positive number of records a second (or 0 for as fast as"
                            + " possible), got "
                            + rate);
        }
        LodestoneConfig cfg = config.load();
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                throw new UserFacingException("cannot read " + file.toAbsolutePath());
            }
        }
        if (cfg.createTopics()) {
            TopicProvisioner.createMissing(
                    cfg.kafkaClient(AdminClientConfig.configNames()),
                    cfg.topics().definitions(cfg.topicPartitions(), cfg.replicationFactor()),
                    Duration.ofSeconds(30));
        } else {
            requireTopic(cfg, kind.topic(cfg.topics()));
        }
        ingest(cfg, kind, files, rate);
        return 0;
    }

    /**
     * Fails at once, saying what to do, when the topic is missing and this config may not create it
     * (a secured cluster's ingest principal): a producer would wait minutes for it, silently.
     */
    private static void requireTopic(LodestoneConfig cfg, String topic) {
        try {
            TopicProvisioner.partitionCount(
                    cfg.kafkaClient(AdminClientConfig.configNames()),
                    topic,
                    Duration.ofSeconds(10));
        } catch (KafkaClusterException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new UserFacingException(
                        "topic "
                                + topic
                                + " does not exist, and this config does not create topics"
                                + " (topic.create=false): start the app once (lodestone run -c"
                                + " <the app's config>), which creates its topics, then ingest"
                                + " again");
            }
            throw e;
        }
    }

    /**
     * Ingests the files in order, at most {@code rate} records a second (0: as fast as possible),
     * printing progress and rejections to stderr and one summary per file to stdout.
     */
    public static List<FileIngest.Report> ingest(
            LodestoneConfig cfg, EventKind kind, List<Path> files, double rate) throws IOException {
        String topic = kind.topic(cfg.topics());
        try (Producer<String, SpecificRecord> producer =
                FileIngest.createProducer(
                        cfg.kafkaClient(ProducerConfig.configNames()), cfg.registry())) {
            FileIngest ingest = new FileIngest(producer, topic, kind, rate);
            List<FileIngest.Report> reports = new java.util.ArrayList<>();
            for (Path file : files) {
                FileIngest.Report report =
                        ingest.run(file, line -> System.err.println("  " + line));
                System.out.println(
                        "ingest "
                                + kind.name().toLowerCase()
                                + " -> "
                                + topic
                                + ": "
                                + report.summary());
                reports.add(report);
            }
            return reports;
        }
    }
}
