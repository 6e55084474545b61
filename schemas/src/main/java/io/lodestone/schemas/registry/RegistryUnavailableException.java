package io.lodestone.schemas.registry;

import org.apache.kafka.common.KafkaException;

/**
 * The schema registry did not answer (or failed) for as long as a serde waits for it: an outage,
 * not a bad record. Not a {@link org.apache.kafka.common.errors.SerializationException}, so nothing
 * mistakes it for bad data: the record must be processed again once the registry is back, never
 * sent to the DLQ.
 */
public final class RegistryUnavailableException extends KafkaException {

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code failure} or one of its causes is a registry outage. */
    public static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RegistryUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
