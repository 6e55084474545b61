package io.lodestone.localinfra;

/**
 * A local server could not be started or stopped; the message says why and what to do next. An
 * IllegalStateException because the CLI shows those to the user as a message, without a stack
 * trace.
 */
public final class LocalInfraException extends RuntimeException {

    public LocalInfraException(String message) {
        super(message);
    }

    public LocalInfraException(String message, Throwable cause) {
        super(message, cause);
    }
}
