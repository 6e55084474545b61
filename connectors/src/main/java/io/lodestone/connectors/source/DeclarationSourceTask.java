package io.lodestone.connectors.source;

import io.lodestone.connectors.files.Declarations;
import io.lodestone.connectors.files.Inbox;
import io.lodestone.declarations.EventKind;
import io.lodestone.declarations.RejectedRecordException;
import io.lodestone.schemas.dlq.DlqHeaders;
import io.lodestone.schemas.topics.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the inbox's declaration files, one file at a time in name order, one record per
 * non-blank line: the event to the shipments or licences topic (key: its id), or a rejected line to
 * the DLQ (key {@code <file>:<line>}, no value, the reason code and sentence, file and line in the
 * {@link DlqHeaders}). Each record carries the file and line as its source offset, so with
 * exactly-once source support a restarted task goes on after the last line committed, and a file
 * moves to {@code done/} only once its last line is committed.
 */
public final class DeclarationSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(DeclarationSourceTask.class);

    private DeclarationSourceConfig config;
    private Inbox inbox;
    private EventKind kind;
    private Topics topics;
    private final ConnectValues values = new ConnectValues();

    private OpenFile current;

    /**
     * Files whose last line was handed to Connect but may not be committed yet: never read twice,
     * moved once committed.
     */
    private final Set<FilePosition> handedOver = new HashSet<>();

    /**
     * The file being read, with one row read ahead so the last line's offset can say it ends the
     * file.
     */
    private static final class OpenFile {
        private final Path path;
        private final FilePosition position;
        private final Declarations rows;
        private Declarations.Row next;

        OpenFile(Path path, FilePosition position, Declarations rows, Declarations.Row next) {
            this.path = path;
            this.position = position;
            this.rows = rows;
            this.next = next;
        }
    }

    @Override
    public String version() {
        return DeclarationSourceConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> settings) {
        config = new DeclarationSourceConfig(settings);
        inbox = new Inbox(config.inbox(), config.kind(), config.csvMapping());
        kind = config.kind();
        topics = config.topics();
        log.info(
                "reading {} files from {} to {} (rejected lines to {})",
                kind.name().toLowerCase(),
                config.inbox(),
                kind.topic(topics),
                topics.dlq());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        try {
            if (current == null) {
                current = openNext();
                if (current == null) {
                    Thread.sleep(config.pollIntervalMs());
                    return null;
                }
            }
            return readBatch();
        } catch (IOException e) {
            throw new ConnectException(
                    "cannot read the inbox " + config.inbox() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The first waiting file with lines left to publish; finished, committed files go to done/ on
     * the way.
     */
    private OpenFile openNext() throws IOException {
        for (Path file : inbox.waiting()) {
            FilePosition position = FilePosition.of(file);
            FilePosition.Offset committed =
                    FilePosition.parseOffset(
                            context.offsetStorageReader().offset(position.partition()));
            if (committed.end()) {
                handedOver.remove(position);
                log.info(
                        "{}: all {} lines committed, moved to {}",
                        file.getFileName(),
                        committed.line(),
                        inbox.done(file));
                continue;
            }
            if (handedOver.contains(position)) {
                continue; // its last lines are not committed yet: look again on a later poll
            }
            Declarations rows;
            try {
                rows = inbox.open(file, committed.line());
            } catch (IOException | RuntimeException e) {
                Path moved = inbox.failed(file, e.getMessage());
                log.warn(
                        "{} cannot be read, moved to {}: {}",
                        file.getFileName(),
                        moved,
                        e.getMessage());
                continue;
            }
            Declarations.Row first = rows.next();
            if (first == null) {
                rows.close();
                log.info(
                        "{}: no lines to publish after line {}, moved to {}",
                        file.getFileName(),
                        committed.line(),
                        inbox.done(file));
                continue;
            }
            log.info("{}: publishing from line {}", file.getFileName(), first.lineNumber());
            return new OpenFile(file, position, rows, first);
        }
        return null;
    }

    private List<SourceRecord> readBatch() throws IOException {
        List<SourceRecord> batch = new ArrayList<>(config.batchSize());
        while (batch.size() < config.batchSize() && current != null) {
            Declarations.Row row = current.next;
            current.next = current.rows.next();
            batch.add(record(current.position, row, current.next == null));
            if (current.next == null) {
                current.rows.close();
                handedOver.add(current.position);
                log.info(
                        "{}: last line {} handed over; the file moves to done/ once it is"
                                + " committed",
                        current.path.getFileName(),
                        row.lineNumber());
                current = null;
            }
        }
        return batch;
    }

    private SourceRecord record(FilePosition position, Declarations.Row row, boolean end) {
        Map<String, Object> offset = FilePosition.offset(row.lineNumber(), end);
        if (row.event() != null) {
            SchemaAndValue value = values.of(row.event());
            return new SourceRecord(
                    position.partition(),
                    offset,
                    kind.topic(topics),
                    null,
                    Schema.STRING_SCHEMA,
                    kind.key(row.event()),
                    value.schema(),
                    value.value());
        }
        RejectedRecordException rejection = row.rejection();
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(DlqHeaders.REASON, rejection.code().name());
        headers.addString(DlqHeaders.DETAIL, rejection.getMessage());
        headers.addString(DlqHeaders.SOURCE_FILE, position.name());
        headers.addString(DlqHeaders.SOURCE_LINE, Long.toString(row.lineNumber()));
        log.warn(
                "{} line {} rejected: {}",
                position.name(),
                row.lineNumber(),
                rejection.getMessage());
        return new SourceRecord(
                position.partition(),
                offset,
                topics.dlq(),
                null,
                Schema.STRING_SCHEMA,
                position.name() + ":" + row.lineNumber(),
                null,
                null,
                null,
                headers);
    }

    @Override
    public void stop() {
        if (current != null) {
            try {
                current.rows.close();
            } catch (IOException e) {
                log.debug("closing {}: {}", current.path, e.getMessage());
            }
            current = null;
        }
    }
}
