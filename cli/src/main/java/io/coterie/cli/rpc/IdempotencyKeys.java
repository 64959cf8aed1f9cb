package io.coterie.cli.rpc;

import io.coterie.cli.core.UsageException;
import io.coterie.rpc.RpcWire;
import java.util.UUID;

/** Idempotency keys: 1 to 200 visible ASCII characters ({@code !} to {@code ~}), scoped to the caller's principal. */
public final class IdempotencyKeys {

    private IdempotencyKeys() {
    }

    /** A fresh key: 122 random bits, so two invocations never meet under one principal. */
    public static String random() {
        return UUID.randomUUID().toString();
    }

    public static String check(String key) {
        RpcWire.keyViolation(key).ifPresent(rule -> {
            throw new UsageException("invalid --idempotency-key: " + rule);
        });
        return key;
    }
}
