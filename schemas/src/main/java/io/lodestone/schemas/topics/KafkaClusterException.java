package io.lodestone.schemas.topics;

/**
 * The Kafka cluster refused a request or did not answer it in time; the message says which, and
 * what to check.
 */
public final class KafkaClusterException extends RuntimeException {

    public KafkaClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
