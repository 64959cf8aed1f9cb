package io.coterie.identity.directory;

import java.security.SecureRandom;
import java.util.Base64;

/** Secrets the service makes up when a caller does not bring one. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 32;

    private Secrets() {
    }

    /** 32 random bytes, base64url without padding: 43 characters, 256 bits. */
    public static String generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
