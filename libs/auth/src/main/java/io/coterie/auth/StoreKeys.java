package io.coterie.auth;

/** Where the consensus store keeps what identity and naming share with every service. */
public final class StoreKeys {

    /** Everything under here needs {@code admin} to read or write through the API. */
    public static final String SYSTEM = "sys/";
    /** The public signing keys, a JWK set (RFC 7517), as JSON. */
    public static final String JWKS = "sys/identity/jwks";
    /** One private signing key per kid, as a JWK. */
    public static final String SIGNING_KEYS = "sys/identity/keys/";
    /** The kid that signs new tokens. */
    public static final String ACTIVE_KEY = "sys/identity/active-kid";
    /** The next ID no identity instance has taken a range from yet (decimal). */
    public static final String NEXT_ID = "sys/ids/next";
    /** When a retired signing key stopped signing, per kid (identity drops it once no token it signed can be valid). */
    public static final String RETIRED_KEYS = "sys/identity/retired/";
    /** Name {@code /a/b} lives at key {@code names/a/b}. */
    public static final String NAMES = "names";
    /** Where services register themselves; only admins (and services, through the store) write here. */
    public static final String SYSTEM_NAMES = "/sys/";

    private StoreKeys() {
    }
}
