package io.coterie.naming;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * String-to-string metadata, checked and kept in key order so that equal entries encode to equal
 * bytes.
 */
final class Metadata {

    static final int MAX_KEY_CHARS = 256;

    private Metadata() {
    }

    static Map<String, String> of(Map<String, String> metadata, String where) {
        if (metadata == null || metadata.isEmpty()) {
            return Map.of();
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        metadata.forEach((key, value) -> {
            if (key == null || key.isEmpty() || key.length() > MAX_KEY_CHARS) {
                throw new InvalidEntryException(where + " keys must be 1 to " + MAX_KEY_CHARS + " characters");
            }
            if (Text.hasControlCharacter(key)) {
                throw new InvalidEntryException(where + " key '" + key + "' must not contain control characters");
            }
            if (value == null) {
                throw new InvalidEntryException(where + " value of '" + key + "' must be a string");
            }
            sorted.put(key, value);
        });
        return Collections.unmodifiableMap(sorted);
    }
}
