package io.lodestone.connectors.postgres;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each batch Connect delivers in one PostgreSQL transaction ({@link TableWriter}). Offsets
 * are committed by Connect only after a batch is written, and every write is an upsert on the row's
 * key, so a task that restarts and gets records again rewrites the same rows: none twice, none
 * missing. A database that does not answer is retried by Connect (the batch comes again); a record
 * this sink has no table for stops the task, naming it.
 */
public final class PostgresSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(PostgresSinkTask.class);

    private PostgresSinkConfig config;
    private TableWriter writer;

    @Override
    public String version() {
        return PostgresSinkConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> settings) {
        config = new PostgresSinkConfig(settings);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<TableWriter.Row> rows = new ArrayList<>(records.size());
        for (SinkRecord record : records) {
            if (record.value() == null) {
                log.warn(
                        "{}-{}@{}: a record without a value (key {}) has no row to write; skipped",
                        record.topic(),
                        record.kafkaPartition(),
                        record.kafkaOffset(),
                        record.key());
                continue;
            }
            SinkTable table =
                    SinkTable.forSchema(record.valueSchema())
                            .orElseThrow(
                                    () ->
                                            new ConnectException(
                                                    record.topic()
                                                            + "-"
                                                            + record.kafkaPartition()
                                                            + "@"
                                                            + record.kafkaOffset()
                                                            + ": no table for records of schema "
                                                            + (record.valueSchema() == null
                                                                    ? "(none)"
                                                                    : record.valueSchema().name())
                                                            + "; this sink writes "
                                                            + SinkTable.knownRecords()
                                                            + ". Is value.converter the Avro"
                                                            + " converter, and the topic one of"
                                                            + " Lodestone's outputs?"));
            rows.add(new TableWriter.Row(table, record.valueSchema(), (Struct) record.value()));
        }
        try {
            writer().write(rows);
        } catch (SQLException e) {
            closeWriter(); // a fresh connection for the retry
            throw new RetriableException(
                    "writing "
                            + rows.size()
                            + " rows to PostgreSQL at "
                            + config.url()
                            + " failed ("
                            + e.getMessage()
                            + "); Connect will deliver the batch again",
                    e);
        }
    }

    private TableWriter writer() throws SQLException {
        if (writer == null) {
            writer =
                    new TableWriter(
                            DriverManager.getConnection(
                                    config.url(), config.user(), config.password()));
            log.info("connected to {} as {}", config.url(), config.user());
        }
        return writer;
    }

    @Override
    public void stop() {
        closeWriter();
    }

    private void closeWriter() {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }
}
