package io.coterie.naming;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The rules every name obeys (docs/api.md, "Naming"): an absolute path, {@code /} followed by
 * segments of {@code [A-Za-z0-9._-]}, 1 to 128 characters, not {@code .} or {@code ..}, at most
 * 32 segments and 900 bytes. Every violation message names the rule broken.
 */
final class NameRules {

    static final int MAX_SEGMENT_CHARS = 128;
    static final int MAX_SEGMENTS = 32;
    static final int MAX_BYTES = 900;

    private NameRules() {
    }

    static Optional<String> nameViolation(String name) {
        return violation(name, false);
    }

    /** A prefix may end after a slash or inside a segment; {@code /} alone means every name. */
    static Optional<String> prefixViolation(String prefix) {
        return violation(prefix, true);
    }

    private static Optional<String> violation(String text, boolean isPrefix) {
        String what = isPrefix ? "a name prefix" : "a name";
        if (text == null || text.isEmpty()) {
            return Optional.of(what + " must not be empty; names are absolute paths such as /apps/a/config");
        }
        if (text.charAt(0) != '/') {
            return Optional.of(what + " must start with '/' (names are absolute paths such as /apps/a/config)");
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return Optional.of(what + " is " + bytes + " bytes long; the limit is " + MAX_BYTES + " bytes");
        }
        if (!isPrefix && text.length() == 1) {
            return Optional.of("a name needs at least one segment after '/'");
        }
        String[] segments = text.substring(1).split("/", -1);
        if (segments.length > MAX_SEGMENTS) {
            return Optional.of(what + " has " + segments.length + " segments; the limit is " + MAX_SEGMENTS);
        }
        for (int i = 0; i < segments.length; i++) {
            boolean last = i == segments.length - 1;
            Optional<String> bad = segmentViolation(segments[i], isPrefix && last);
            if (bad.isPresent()) {
                return Optional.of(what + " " + bad.get() + " (segment " + (i + 1) + " of '" + printable(text) + "')");
            }
        }
        return Optional.empty();
    }

    /** {@code partial}: the unfinished last segment of a prefix, which may be empty or a start of {@code .}/{@code ..}. */
    private static Optional<String> segmentViolation(String segment, boolean partial) {
        if (segment.isEmpty()) {
            return partial ? Optional.empty() : Optional.of("must not contain an empty segment ('//' or a trailing '/')");
        }
        if (segment.length() > MAX_SEGMENT_CHARS) {
            return Optional.of("has a segment of " + segment.length() + " characters; a segment has 1 to "
                    + MAX_SEGMENT_CHARS);
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (!isSegmentChar(c)) {
                return Optional.of("contains '" + printable(String.valueOf(c))
                        + "'; a segment may only hold letters, digits, '.', '_' and '-'");
            }
        }
        if (!partial && (segment.equals(".") || segment.equals(".."))) {
            return Optional.of("must not contain a '" + segment + "' segment");
        }
        return Optional.empty();
    }

    static boolean isSegmentChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }

    /** Control characters would garble a log line or a problem detail; show them escaped. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 80));
        for (int i = 0; i < text.length() && out.length() < 80; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return text.length() > 80 ? out + "..." : out.toString();
    }
}
