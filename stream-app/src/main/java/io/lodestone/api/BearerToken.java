package io.lodestone.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The query API's bearer token: an empty one admits every request; otherwise {@code Authorization:
 * Bearer <token>}.
 */
record BearerToken(String token) {

    private static final String SCHEME = "Bearer ";

    boolean admits(String authorization) {
        if (token.isEmpty()) {
            return true;
        }
        if (authorization == null
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        // Constant time, so the answer's timing says nothing of how much of a guess was right.
        return MessageDigest.isEqual(
                token.getBytes(StandardCharsets.UTF_8),
                authorization.substring(SCHEME.length()).trim().getBytes(StandardCharsets.UTF_8));
    }

    /** The header value that forwards a query to another instance. */
    String header() {
        return SCHEME + token;
    }

    @Override
    public String toString() {
        return token.isEmpty() ? "no token" : "a token";
    }
}
