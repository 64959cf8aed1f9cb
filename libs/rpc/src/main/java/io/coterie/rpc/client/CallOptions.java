package io.coterie.rpc.client;

import io.coterie.rpc.RpcWire;
import java.time.Duration;

/**
 * How one call is made.
 *
 * @param idempotencyKey the key that makes the call run at most once, or null
 * @param timeout        the caller's whole budget (1 ms to 300 s), sent as {@code Coterie-Timeout}
 */
public record CallOptions(String idempotencyKey, Duration timeout) {

    public static final CallOptions DEFAULT = new CallOptions(null, RpcWire.DEFAULT_TIMEOUT);

    public CallOptions {
        if (idempotencyKey != null) {
            RpcWire.keyViolation(idempotencyKey).ifPresent(rule -> {
                throw new IllegalArgumentException(rule);
            });
        }
        if (timeout == null || timeout.toMillis() < 1 || timeout.toMillis() > RpcWire.MAX_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException("a timeout is 1 ms to " + RpcWire.MAX_TIMEOUT_MILLIS + " ms: " + timeout);
        }
    }

    public CallOptions withKey(String key) {
        return new CallOptions(key, timeout);
    }

    public CallOptions withTimeout(Duration budget) {
        return new CallOptions(idempotencyKey, budget);
    }
}
