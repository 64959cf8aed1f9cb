package io.coterie.cli.kv;

import io.coterie.api.kv.KeyRules;
import io.coterie.cli.core.CliException;
import io.coterie.cli.core.UrlEncoding;

/** Where a key lives in the API. Keys are checked with the server's own rules first, for a clear message before any request. */
public final class KeyPaths {

    private KeyPaths() {
    }

    public static String of(String key) {
        KeyRules.keyViolation(key).ifPresent(violation -> {
            throw new CliException("invalid key '" + key + "': " + violation);
        });
        return "/v1/kv/" + UrlEncoding.encodePath(key);
    }

    public static String checkPrefix(String prefix) {
        KeyRules.prefixViolation(prefix).ifPresent(violation -> {
            throw new CliException("invalid prefix '" + prefix + "': " + violation);
        });
        return prefix;
    }
}
