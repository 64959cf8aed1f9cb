package io.coterie.auth;

/** What a Coterie token says, beyond the registered JWT claims. */
public final class TokenClaims {

    public static final String ISSUER = "coterie";
    /** A list of {@code ACTION:PREFIX} strings. */
    public static final String GRANTS = "grants";
    /** Tokens are signed with ECDSA P-256 and SHA-256; no other algorithm is accepted. */
    public static final String ALGORITHM = "ES256";

    private TokenClaims() {
    }
}
