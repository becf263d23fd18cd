package org.jxdp.metrics.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * The bearer token that opens the API's write endpoints. With no token configured they stay shut
 * (403); with one, a request must carry {@code Authorization: Bearer TOKEN} (else 401). Compared
 * in constant time.
 */
public final class ApiToken {
    private final byte[] token;

    private ApiToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A token; leading and trailing white space (a file's final newline) is not part of it.
     *
     * @throws IllegalArgumentException when it is empty
     */
    public static ApiToken of(String token) {
        String t = Objects.requireNonNull(token, "token").strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("the API token is empty");
        }
        return new ApiToken(t);
    }

    /** True when {@code authorization} is {@code Bearer} and this token. */
    public boolean admits(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }
}
