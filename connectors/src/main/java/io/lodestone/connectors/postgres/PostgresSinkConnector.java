package io.lodestone.connectors.postgres;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Lodestone's outputs into PostgreSQL: {@code route-volumes} upserted per route and day into {@code
 * route_volumes}, {@code alerts} per alertId into {@code alerts}, {@code cases} per caseId into
 * {@code cases}; tables created when missing, columns added when a record schema gains a field.
 */
public final class PostgresSinkConnector extends SinkConnector {

    static final String VERSION =
            PostgresSinkConnector.class.getPackage().getImplementationVersion() != null
                    ? PostgresSinkConnector.class.getPackage().getImplementationVersion()
                    : "development";

    private Map<String, String> settings;

    @Override
    public void start(Map<String, String> settings) {
        new PostgresSinkConfig(settings);
        this.settings = Map.copyOf(settings);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return PostgresSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, settings);
    }

    @Override
    public void stop() {
        settings = null;
    }

    @Override
    public ConfigDef config() {
        return PostgresSinkConfig.DEFINITION;
    }

    @Override
    public String version() {
        return VERSION;
    }
}
