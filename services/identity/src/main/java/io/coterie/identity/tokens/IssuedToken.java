package io.coterie.identity.tokens;

import java.time.Instant;
import java.util.List;

/** A fresh token and what it says, so that a client need not decode it. */
public record IssuedToken(String token, String principal, Instant expiresAt, List<String> grants) {

    /** Never print the token itself. */
    @Override
    public String toString() {
        return "IssuedToken[principal=" + principal + ", expiresAt=" + expiresAt + ", grants=" + grants + "]";
    }
}
