package io.coterie.api.kv;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a key (and a key prefix) may look like. Keys are relative UTF-8 paths: segments separated
 * by single slashes, no leading or trailing slash, no "." or ".." segment, no control characters
 * and no backslash, at most {@link KvLimits#MAX_KEY_BYTES} bytes. The rules keep every key
 * addressable in a URL path ({@code /v1/kv/a/b}) without escaping ambiguities.
 */
public final class KeyRules {

    private KeyRules() {
    }

    /** The first rule {@code key} breaks, if any. */
    public static Optional<String> keyViolation(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.of("key must not be empty");
        }
        return pathViolation(key, false);
    }

    /** The first rule {@code prefix} breaks, if any. The empty prefix (every key) is allowed. */
    public static Optional<String> prefixViolation(String prefix) {
        if (prefix == null) {
            return Optional.of("prefix must not be null");
        }
        if (prefix.isEmpty()) {
            return Optional.empty();
        }
        return pathViolation(prefix, true);
    }

    public static String requireValidKey(String key) {
        keyViolation(key).ifPresent(v -> {
            throw new IllegalArgumentException(v);
        });
        return key;
    }

    public static String requireValidPrefix(String prefix) {
        prefixViolation(prefix).ifPresent(v -> {
            throw new IllegalArgumentException(v);
        });
        return prefix;
    }

    private static Optional<String> pathViolation(String path, boolean isPrefix) {
        String what = isPrefix ? "prefix" : "key";
        if (!isWellFormedUtf16(path)) {
            return Optional.of(what + " is not valid Unicode text");
        }
        int bytes = path.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > KvLimits.MAX_KEY_BYTES) {
            return Optional.of(what + " is " + bytes + " bytes long; the limit is " + KvLimits.MAX_KEY_BYTES);
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of(what + " contains a control character at position " + i);
            }
            if (c == '\\') {
                return Optional.of(what + " contains a backslash at position " + i);
            }
        }
        if (path.charAt(0) == '/') {
            return Optional.of(what + " must not start with '/' (keys are relative paths such as app/config)");
        }
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (last && isPrefix) {
                // A prefix may end inside a segment, or right after a slash.
                break;
            }
            if (segment.isEmpty()) {
                return Optional.of(last
                        ? what + " must not end with '/'"
                        : what + " must not contain an empty segment ('//')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of(what + " must not contain a '" + segment + "' segment");
            }
        }
        return Optional.empty();
    }

    private static boolean isWellFormedUtf16(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
