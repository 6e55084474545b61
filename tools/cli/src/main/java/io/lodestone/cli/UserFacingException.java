package io.lodestone.cli;

/** A failure the user can fix; the CLI prints the message alone. */
public final class UserFacingException extends RuntimeException {
    public UserFacingException(String message) {
        super(message);
    }
}
