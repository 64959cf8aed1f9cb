package io.coterie.cli.bench;

import io.coterie.cli.name.NamePaths;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Coterie's identity and naming calls as the load generator sends them: built once, sent many times. */
final class CoterieRequests {

    private static final byte[] NO_BODY = new byte[0];

    private final Map<String, String> plain;
    private final Map<String, String> json;

    CoterieRequests(Optional<String> token) {
        this.plain = headers(token, null);
        this.json = headers(token, "application/json");
    }

    /** {@code Accept: application/json}, the bearer token, and the content type when there is one. */
    static Map<String, String> headers(Optional<String> token, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        token.ifPresent(t -> headers.put("Authorization", "Bearer " + t));
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return Map.copyOf(headers);
    }

    /** {@code POST /v1/ids?count=K} (with an empty body, so a Content-Length of 0). */
    WireRequest ids(long count) {
        return new WireRequest("POST", "/v1/ids?count=" + count, plain, NO_BODY);
    }

    /** Binds {@code name} to a service of one instance at {@code host:port}. */
    WireRequest bindService(String name, String host, int port) {
        String entry = "{\"kind\":\"service\",\"instances\":[{\"id\":\"i0\",\"address\":\"" + host + "\",\"port\":" + port + "}]}";
        return new WireRequest("PUT", NamePaths.of(name), json, entry.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code GET /v1/names/{name}}: answered from the naming service's cache. */
    WireRequest resolve(String name) {
        return new WireRequest("GET", NamePaths.of(name), plain, null);
    }
}
