package io.lodestone.declarations;

import io.lodestone.schemas.dlq.DlqReason;
import io.lodestone.schemas.registry.ApicurioSchemaRegistry;
import io.lodestone.schemas.registry.RegistryAccess;
import io.lodestone.schemas.registry.RegistrySerdes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a JSON Lines file (one event object per line) to its topic as Avro. Each line is
 * validated against the contract; a bad line (not UTF-8, not JSON, not a valid event, too large for
 * a record) is rejected with its line number and reason and never stops the rest of the file. Blank
 * lines are skipped and not counted.
 */
public final class FileIngest {

    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    /**
     * The largest record the producer sends (its {@code max.request.size}, Kafka's default): a
     * longer line is rejected unread.
     */
    public static final int MAX_RECORD_BYTES = 1_048_576;

    /** A line that was not published. */
    public record Rejection(long lineNumber, String reason) {
        @Override
        public String toString() {
            return "line " + lineNumber + ": " + reason;
        }
    }

    /** The outcome of one file: read = published + rejected. */
    public record Report(
            Path file,
            EventKind kind,
            long read,
            long published,
            List<Rejection> rejections,
            long elapsedMillis) {
        public long rejected() {
            return rejections.size();
        }

        public String summary() {
            return String.format(
                    "%s: read %,d, published %,d, rejected %,d (%.1f s)",
                    file.getFileName(), read, published, rejected(), elapsedMillis / 1000.0);
        }
    }

    private final Producer<String, SpecificRecord> producer;
    private final String topic;
    private final EventKind kind;
    private final double recordsPerSecond;

    public FileIngest(Producer<String, SpecificRecord> producer, String topic, EventKind kind) {
        this(producer, topic, kind, 0);
    }

    /**
     * Publishing at most {@code recordsPerSecond} (0: as fast as Kafka takes them), as a live feed
     * would.
     */
    public FileIngest(
            Producer<String, SpecificRecord> producer,
            String topic,
            EventKind kind,
            double recordsPerSecond) {
        if (recordsPerSecond < 0) {
            throw new IllegalArgumentException(
                    "the rate must be positive (or 0 for as fast as possible), got "
                            + recordsPerSecond);
        }
        this.producer = producer;
        this.topic = topic;
        this.kind = kind;
        this.recordsPerSecond = recordsPerSecond;
    }

    /**
     * How long a send waits for an unreachable broker before the ingest fails (kafka.* overrides).
     */
    static final int MAX_WAIT_FOR_BROKER_MS = 300_000;

    /** An idempotent producer writing Confluent-framed Avro through the registry. */
    public static Producer<String, SpecificRecord> createProducer(
            String bootstrapServers, String registryUrl) {
        return createProducer(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                RegistryAccess.of(registryUrl));
    }

    /**
     * {@link #createProducer(String, String)} with {@code kafkaSettings} (bootstrap servers,
     * security) and the registry's TLS trust.
     */
    public static Producer<String, SpecificRecord> createProducer(
            Map<String, Object> kafkaSettings, RegistryAccess registry) {
        Map<String, Object> config = new HashMap<>(kafkaSettings);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
        // A broker that restarts after a crash recovers its logs first (a minute or more on a busy
        // host): waited out, rather than failing a half-done file after Kafka's 60 s and 120 s.
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_WAIT_FOR_BROKER_MS);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, MAX_WAIT_FOR_BROKER_MS);
        Serializer<SpecificRecord> values =
                RegistrySerdes.<SpecificRecord>valueSerde(ApicurioSchemaRegistry.of(registry))
                        .serializer();
        return new KafkaProducer<>(config, new StringSerializer(), values);
    }

    /**
     * Reads and publishes the whole file; {@code progress} receives a line every two seconds and
     * each rejection as it happens. A line that is not UTF-8, not a valid event or too large for
     * one record is rejected and the file goes on. Throws {@link IngestFailedException} when Kafka
     * or the registry refuses records for any other reason.
     */
    public Report run(Path file, Consumer<String> progress) throws IOException {
        long started = System.nanoTime();
        long totalBytes = Math.max(1, Files.size(file));
        long bytesRead = 0;
        long read = 0;
        long lastProgress = started;
        List<Rejection> rejections = Collections.synchronizedList(new ArrayList<>());
        Consumer<Rejection> reject =
                rejection -> {
                    rejections.add(rejection);
                    progress.accept("rejected " + rejection);
                };
        AtomicLong published = new AtomicLong();
        AtomicReference<Exception> sendFailure = new AtomicReference<>();

        try (LineReader lines = new LineReader(file, MAX_RECORD_BYTES)) {
            for (LineReader.Line line;
                    (line = lines.next()) != null && sendFailure.get() == null; ) {
                bytesRead += line.bytes() + 1;
                if (line.text() != null && line.text().isBlank()) {
                    continue;
                }
                read++;
                long lineNumber = line.number();
                try {
                    if (line.rejection() != null) {
                        throw line.rejection();
                    }
                    SpecificRecord record = kind.parseLine(line.text());
                    // No record timestamp: event time travels in the value, retention counts from
                    // arrival.
                    producer.send(
                            new ProducerRecord<>(topic, kind.key(record), record),
                            (metadata, error) -> {
                                if (error == null) {
                                    published.incrementAndGet();
                                } else if (error instanceof RecordTooLargeException) {
                                    reject.accept(
                                            new Rejection(
                                                    lineNumber,
                                                    new RejectedRecordException(
                                                                    DlqReason.RECORD_TOO_LARGE,
                                                                    error.getMessage())
                                                            .getMessage()));
                                } else {
                                    sendFailure.compareAndSet(null, error);
                                }
                            });
                } catch (org.apache.kafka.common.KafkaException e) {
                    // The serializer talks to the registry inside send(): a failure here is
                    // infrastructure, not data.
                    throw new IngestFailedException(
                            "cannot publish line "
                                    + lineNumber
                                    + " of "
                                    + file
                                    + ": "
                                    + e.getMessage()
                                    + " — check the schema registry is up and reachable",
                            e);
                } catch (RejectedRecordException e) {
                    reject.accept(new Rejection(lineNumber, e.getMessage()));
                }
                if (recordsPerSecond > 0) {
                    long due = started + (long) (read * 1e9 / recordsPerSecond);
                    for (long wait = due - System.nanoTime();
                            wait > 0;
                            wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                }
                long now = System.nanoTime();
                if (now - lastProgress >= PROGRESS_EVERY_NANOS) {
                    lastProgress = now;
                    progress.accept(
                            String.format(
                                    "%s: %,d lines (%d%%), %,d published, %,d rejected, %,.0f"
                                            + " lines/s",
                                    file.getFileName(),
                                    read,
                                    Math.min(100, bytesRead * 100 / totalBytes),
                                    published.get(),
                                    rejections.size(),
                                    read / ((now - started) / 1e9)));
                }
            }
        }
        producer.flush();
        if (sendFailure.get() != null) {
            throw new IngestFailedException(
                    "Kafka refused records from "
                            + file
                            + " after "
                            + published.get()
                            + " were published: "
                            + sendFailure.get().getMessage()
                            + " — check the broker and registry are up and the topic "
                            + topic
                            + " exists",
                    sendFailure.get());
        }
        List<Rejection> byLine = new ArrayList<>(rejections);
        byLine.sort(Comparator.comparingLong(Rejection::lineNumber));
        return new Report(
                file,
                kind,
                read,
                published.get(),
                List.copyOf(byLine),
                (System.nanoTime() - started) / 1_000_000);
    }
}
