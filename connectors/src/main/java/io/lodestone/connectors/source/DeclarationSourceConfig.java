package io.lodestone.connectors.source;

import io.lodestone.connectors.files.ColumnMapping;
import io.lodestone.declarations.EventKind;
import io.lodestone.schemas.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** The settings of the declaration source connector (and of its one task). */
public final class DeclarationSourceConfig extends AbstractConfig {

    public static final String INBOX_DIR = "inbox.dir";
    public static final String TYPE = "type";
    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String CSV_MAPPING_FILE = "csv.mapping.file";
    public static final String BATCH_SIZE = "batch.size";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";

    public static final ConfigDef DEFINITION =
            new ConfigDef()
                    .define(
                            INBOX_DIR,
                            ConfigDef.Type.STRING,
                            ConfigDef.NO_DEFAULT_VALUE,
                            ConfigDef.Importance.HIGH,
                            "The directory declaration files are dropped into (*.jsonl: the"
                                + " contract's JSON Lines; *.csv: a header row and the columns"
                                + " csv.mapping.file names). Files are read in name order; a"
                                + " finished file moves to done/, one that cannot be read to error/"
                                + " beside <name>.reason. Write a file under another name (or a"
                                + " name starting with a dot) and rename it in when complete. The"
                                + " worker must be able to read and move it.")
                    .define(
                            TYPE,
                            ConfigDef.Type.STRING,
                            ConfigDef.NO_DEFAULT_VALUE,
                            ConfigDef.CaseInsensitiveValidString.in("shipments", "licenses"),
                            ConfigDef.Importance.HIGH,
                            "What the files hold: shipments (customs declarations) or licenses"
                                    + " (export-licence revisions); one connector each.")
                    .define(
                            TOPIC_PREFIX,
                            ConfigDef.Type.STRING,
                            Topics.DEFAULT_PREFIX,
                            ConfigDef.Importance.MEDIUM,
                            "The Lodestone topic prefix: events go to <prefix>shipments or"
                                    + " <prefix>licenses, rejected lines to <prefix>dlq.")
                    .define(
                            CSV_MAPPING_FILE,
                            ConfigDef.Type.STRING,
                            "",
                            ConfigDef.Importance.MEDIUM,
                            "A column mapping for CSV files (field.<contract field>=<column>,"
                                    + " weight.unit=kg|t, hsCode.remove=<characters>); empty: the"
                                    + " contract's own column names, weights in kilograms.")
                    .define(
                            BATCH_SIZE,
                            ConfigDef.Type.INT,
                            500,
                            ConfigDef.Range.between(1, 100_000),
                            ConfigDef.Importance.LOW,
                            "At most this many lines per poll (with exactly-once source support,"
                                    + " per transaction).")
                    .define(
                            POLL_INTERVAL_MS,
                            ConfigDef.Type.LONG,
                            1_000L,
                            ConfigDef.Range.atLeast(10),
                            ConfigDef.Importance.LOW,
                            "How long to wait before looking at the inbox again when it is empty.");

    public DeclarationSourceConfig(Map<String, String> settings) {
        super(DEFINITION, settings);
        if (!Files.isDirectory(inbox())) {
            throw new ConfigException(
                    INBOX_DIR,
                    inbox().toString(),
                    "not a directory the worker can see; create it first");
        }
        csvMapping(); // a bad mapping file fails the configuration, not the first CSV file
    }

    public Path inbox() {
        return Path.of(getString(INBOX_DIR));
    }

    public EventKind kind() {
        return EventKind.valueOf(getString(TYPE).toUpperCase(Locale.ROOT));
    }

    public Topics topics() {
        return new Topics(getString(TOPIC_PREFIX));
    }

    public ColumnMapping csvMapping() {
        String file = getString(CSV_MAPPING_FILE);
        if (file.isBlank()) {
            return ColumnMapping.contract();
        }
        try {
            return ColumnMapping.load(Path.of(file));
        } catch (RuntimeException e) {
            throw new ConfigException(CSV_MAPPING_FILE, file, e.getMessage());
        }
    }

    public int batchSize() {
        return getInt(BATCH_SIZE);
    }

    public long pollIntervalMs() {
        return getLong(POLL_INTERVAL_MS);
    }
}
