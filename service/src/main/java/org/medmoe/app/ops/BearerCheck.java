package org.medmoe.app.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks an {@code Authorization} header against the ops endpoint's bearer token, in constant time;
 * without a token every request passes. Immutable and thread-safe.
 */
final class BearerCheck {
    private final byte[] expected;

    /** Expects {@code Bearer token}; {@code token} null or blank: no check. */
    BearerCheck(String token) {
        this.expected = token == null || token.isBlank() ? null
                : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    /** True when there is no token, or {@code header} carries it. */
    boolean accepts(String header) {
        if (expected == null) {
            return true;
        }
        return header != null && MessageDigest.isEqual(expected, header.trim().getBytes(StandardCharsets.UTF_8));
    }
}
