package io.coterie.cli.rpc;

import io.coterie.cli.core.UsageException;
import java.util.UUID;

/** Idempotency keys: 1 to 200 visible ASCII characters ({@code !} to {@code ~}), scoped to the caller's principal. */
public final class IdempotencyKeys {

    static final int MAX_LENGTH = 200;

    private IdempotencyKeys() {
    }

    /** A fresh key: 122 random bits, so two invocations never meet under one principal. */
    public static String random() {
        return UUID.randomUUID().toString();
    }

    public static String check(String key) {
        if (key.isEmpty() || key.length() > MAX_LENGTH || !key.chars().allMatch(c -> c >= '!' && c <= '~')) {
            throw new UsageException("invalid --idempotency-key: 1 to " + MAX_LENGTH + " visible ASCII characters (! to ~), no spaces");
        }
        return key;
    }
}
