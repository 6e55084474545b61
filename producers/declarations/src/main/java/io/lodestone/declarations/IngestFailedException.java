package io.lodestone.declarations;

/** Kafka (or the schema registry) refused to take records; the file was not fully published. */
public final class IngestFailedException extends RuntimeException {
    public IngestFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
