package io.coterie.cli.core;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Percent-encodes keys and query values (RFC 3986, UTF-8). Only the unreserved characters stay as
 * they are, so nothing in a key can be mistaken for a path parameter ({@code ;}), a query
 * ({@code ?}) or a fragment ({@code #}).
 */
public final class UrlEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UrlEncoding() {
    }

    /** One path segment or query component: every byte but the unreserved ones is escaped. */
    public static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (isUnreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** A key as a URL path: each segment encoded, the {@code /} between segments kept. */
    public static String encodePath(String key) {
        String[] segments = key.split("/", -1);
        StringJoiner path = new StringJoiner("/");
        for (String segment : segments) {
            path.add(encode(segment));
        }
        return path.toString();
    }

    /** {@code ?a=1&b=x%20y}, or the empty string when there are no parameters; null values are left out. */
    public static String query(Map<String, ?> parameters) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        parameters.forEach((name, value) -> {
            if (value != null) {
                query.add(encode(name) + "=" + encode(String.valueOf(value)));
            }
        });
        return query.toString();
    }

    /** An ordered parameter map that reads well at call sites: {@code params("prefix", p, "limit", 10)}. */
    public static Map<String, Object> params(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
