package io.lodestone.cli;

/** A failure the user can fix; the CLI prints the message alone. */
final class UserFacingException extends RuntimeException {
    UserFacingException(String message) {
        super(message);
    }
}
