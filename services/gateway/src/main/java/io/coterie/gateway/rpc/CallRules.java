package io.coterie.gateway.rpc;

import io.coterie.api.ProblemType;
import io.coterie.naming.InvalidNameException;
import io.coterie.naming.NamePath;
import io.coterie.rpc.RpcWire;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/** The rules of docs/rpc.md for what a caller sends: name, method, key and body (method and key as {@link RpcWire} has them for everyone). */
final class CallRules {

    static final int MAX_BODY_BYTES = RpcWire.MAX_BODY_BYTES;
    static final int MIN_TIMEOUT_MILLIS = 1;
    static final int MAX_TIMEOUT_MILLIS = (int) RpcWire.MAX_TIMEOUT_MILLIS;
    static final int DEFAULT_TIMEOUT_MILLIS = (int) RpcWire.DEFAULT_TIMEOUT.toMillis();
    static final byte[] NULL_BODY = "null".getBytes(StandardCharsets.US_ASCII);

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private CallRules() {
    }

    /** The name to call, or the refusal: the naming rules apply, and nothing under /sys/ can be called. */
    static NamePath callableName(String name) throws RefusedException {
        NamePath path;
        try {
            path = NamePath.of(name);
        } catch (InvalidNameException e) {
            throw new RefusedException(new Refusal(ProblemType.INVALID_NAME, "the name to call is not valid: " + e.getMessage()));
        }
        if (path.toString().startsWith("/sys/")) {
            throw new RefusedException(new Refusal(ProblemType.FORBIDDEN,
                    "names under /sys/ belong to the system and cannot be called (" + path + ")"));
        }
        return path;
    }

    /** Segments of {@code [A-Za-z][A-Za-z0-9_-]*} joined by '.', 1 to 128 characters in all: the rule workloads and callers share. */
    static Optional<String> methodViolation(String method) {
        return RpcWire.methodViolation(method);
    }

    /** 1 to 200 visible ASCII characters ('!' to '~'). */
    static Optional<String> keyViolation(String key) {
        return RpcWire.keyViolation(key);
    }

    static boolean isValidKey(String key) {
        return key != null && keyViolation(key).isEmpty();
    }

    /** Exactly one JSON value, nothing after it. An empty body is not checked here: it means null. */
    static Optional<String> jsonViolation(byte[] body) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() == null) {
                return Optional.of("the body holds no JSON value");
            }
            parser.skipChildren();
            JsonToken after = parser.nextToken();
            if (after != null) {
                return Optional.of("the body holds more than one JSON value");
            }
            return Optional.empty();
        } catch (JacksonException e) {
            return Optional.of("the body is not well-formed JSON: " + e.getOriginalMessage());
        }
    }

    /** The {@code Coterie-Timeout} header: absent means the default, anything but 1 to 300,000 ms is refused. */
    static int timeoutMillis(String header) throws RefusedException {
        if (header == null) {
            return DEFAULT_TIMEOUT_MILLIS;
        }
        String text = header.trim();
        boolean digits = !text.isEmpty() && text.length() <= 9 && text.chars().allMatch(c -> c >= '0' && c <= '9');
        int millis = digits ? Integer.parseInt(text) : -1;
        if (millis < MIN_TIMEOUT_MILLIS || millis > MAX_TIMEOUT_MILLIS) {
            throw new RefusedException(new Refusal(ProblemType.INVALID_REQUEST, "Coterie-Timeout is a whole number of milliseconds from "
                    + MIN_TIMEOUT_MILLIS + " to " + MAX_TIMEOUT_MILLIS + " (got '" + printable(header) + "')"));
        }
        return millis;
    }

    /** Control characters and very long input would garble a problem detail. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 80; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return text.length() > 80 ? out + "..." : out.toString();
    }
}
