package io.coterie.consensus.service;

import io.coterie.api.ProblemType;
import io.coterie.api.kv.KeyRules;
import io.coterie.service.ApiException;

/** Keys and prefixes from request paths and parameters, checked against the key rules. */
final class Keys {

    private Keys() {
    }

    /** The key captured by {@code /v1/kv/{*key}} (which keeps the slash that precedes it). */
    static String fromPath(String captured) {
        String key = captured.startsWith("/") ? captured.substring(1) : captured;
        KeyRules.keyViolation(key).ifPresent(v -> {
            throw new ApiException(ProblemType.INVALID_KEY, v);
        });
        return key;
    }

    static String key(String key) {
        KeyRules.keyViolation(key).ifPresent(v -> {
            throw new ApiException(ProblemType.INVALID_KEY, v);
        });
        return key;
    }

    static String prefix(String prefix) {
        KeyRules.prefixViolation(prefix).ifPresent(v -> {
            throw new ApiException(ProblemType.INVALID_KEY, v);
        });
        return prefix;
    }
}
