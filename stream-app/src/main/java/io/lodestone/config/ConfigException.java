package io.lodestone.config;

/**
 * A setting is missing or malformed; the message names the key, the value and where it came from.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
