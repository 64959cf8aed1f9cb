package io.coterie.rpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;

/** The headers, limits and rules of docs/rpc.md that workloads and callers share. */
public final class RpcWire {

    public static final String TIMEOUT_HEADER = "Coterie-Timeout";
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    public static final String OUTCOME_HEADER = "Coterie-Outcome";
    public static final String REPLAYED_HEADER = "Coterie-Replayed";

    /** The metadata an instance carries when it serves this protocol. */
    public static final String PROTOCOL_METADATA_KEY = "rpc";
    public static final String PROTOCOL = "coterie/1";

    public static final String CALL_PATH = "/rpc/";
    public static final String HEALTH_PATH = "/health";
    public static final String JSON = "application/json";

    public static final int MAX_BODY_BYTES = 256 * 1024;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final long MAX_TIMEOUT_MILLIS = 300_000;
    public static final int MAX_METHOD_CHARS = 128;
    public static final int MAX_KEY_CHARS = 200;

    private RpcWire() {
    }

    /** Why {@code method} is not a method name (segments of {@code [A-Za-z][A-Za-z0-9_-]*} joined by '.'), if it is not. */
    public static Optional<String> methodViolation(String method) {
        if (method == null || method.isEmpty() || method.length() > MAX_METHOD_CHARS) {
            return Optional.of("a method has 1 to " + MAX_METHOD_CHARS + " characters");
        }
        boolean segmentStart = true;
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (segmentStart) {
                if (!isLetter(c)) {
                    return Optional.of("each '.'-separated segment of a method starts with a letter (A-Z, a-z)");
                }
                segmentStart = false;
            } else if (c == '.') {
                segmentStart = true;
            } else if (!isLetter(c) && !(c >= '0' && c <= '9') && c != '_' && c != '-') {
                return Optional.of("a method holds only letters, digits, '_', '-' and '.' between segments");
            }
        }
        return segmentStart ? Optional.of("a method must not end with '.'") : Optional.empty();
    }

    /** Why {@code key} is not an idempotency key (1 to 200 visible ASCII characters), if it is not. */
    public static Optional<String> keyViolation(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_CHARS) {
            return Optional.of("an Idempotency-Key has 1 to " + MAX_KEY_CHARS + " characters");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < '!' || c > '~') {
                return Optional.of("an Idempotency-Key holds only visible ASCII characters ('!' to '~')");
            }
        }
        return Optional.empty();
    }

    /**
     * The caller's budget from a {@code Coterie-Timeout} header (null: the default).
     *
     * @throws IllegalArgumentException naming the rule when it is not 1 to 300,000 milliseconds
     */
    public static Duration parseTimeout(String header) {
        if (header == null) {
            return DEFAULT_TIMEOUT;
        }
        long millis;
        try {
            millis = Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            millis = -1;
        }
        if (millis < 1 || millis > MAX_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException(TIMEOUT_HEADER + " is a whole number of milliseconds from 1 to "
                    + MAX_TIMEOUT_MILLIS + ", not '" + header + "'");
        }
        return Duration.ofMillis(millis);
    }

    /** What a reused key is compared by: the SHA-256 of the method, a newline, and the body as sent. */
    public static byte[] requestSha256(String method, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(method.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(body);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static boolean isLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
