package io.lodestone.localinfra;

/** A local server could not be started or stopped; the message says why and what to do. */
public final class LocalInfraException extends IllegalStateException {
    public LocalInfraException(String message) {
        super(message);
    }
}
