package io.lodestone.connectors.postgres;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/** The settings of the PostgreSQL sink connector (and of its tasks). */
public final class PostgresSinkConfig extends AbstractConfig {

    public static final String CONNECTION_URL = "connection.url";
    public static final String CONNECTION_USER = "connection.user";
    public static final String CONNECTION_PASSWORD = "connection.password";

    public static final ConfigDef DEFINITION =
            new ConfigDef()
                    .define(
                            CONNECTION_URL,
                            ConfigDef.Type.STRING,
                            "jdbc:postgresql://127.0.0.1:5432/lodestone",
                            ConfigDef.Importance.HIGH,
                            "The JDBC URL of the PostgreSQL database the tables live in (the local"
                                    + " default's server and database).")
                    .define(
                            CONNECTION_USER,
                            ConfigDef.Type.STRING,
                            "lodestone",
                            ConfigDef.Importance.HIGH,
                            "The database user.")
                    .define(
                            CONNECTION_PASSWORD,
                            ConfigDef.Type.PASSWORD,
                            "",
                            ConfigDef.Importance.HIGH,
                            "The database user's password (empty: none, as the local default's"
                                    + " trust authentication needs).");

    public PostgresSinkConfig(Map<String, String> settings) {
        super(DEFINITION, settings);
    }

    public String url() {
        return getString(CONNECTION_URL);
    }

    public String user() {
        return getString(CONNECTION_USER);
    }

    public String password() {
        Password password = getPassword(CONNECTION_PASSWORD);
        return password == null ? "" : password.value();
    }
}
