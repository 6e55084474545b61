package io.lodestone.connectors.source;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Customs declaration files into Lodestone's input topics: one task per inbox directory (the files
 * are a queue in name order, so more tasks would not help). Supports Connect's exactly-once source
 * delivery (KIP-618): the records of a poll and their file/line offsets are committed in one
 * transaction.
 */
public final class DeclarationSourceConnector extends SourceConnector {

    static final String VERSION =
            DeclarationSourceConnector.class.getPackage().getImplementationVersion() != null
                    ? DeclarationSourceConnector.class.getPackage().getImplementationVersion()
                    : "development";

    private Map<String, String> settings;

    @Override
    public void start(Map<String, String> settings) {
        new DeclarationSourceConfig(
                settings); // fail the connector, not its task, on a bad configuration
        this.settings = Map.copyOf(settings);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DeclarationSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(settings);
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> settings) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public void stop() {
        settings = null;
    }

    @Override
    public ConfigDef config() {
        return DeclarationSourceConfig.DEFINITION;
    }

    @Override
    public String version() {
        return VERSION;
    }
}
