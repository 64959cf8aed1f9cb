package io.coterie.cli.bench;

import io.coterie.cli.core.UrlEncoding;
import java.util.Map;
import java.util.Optional;

/** Coterie's own API: {@code PUT /v1/kv/{key}} with the raw value, {@code GET /v1/kv/{key}[?stale=true]}. */
public final class CoterieKvTarget implements KvTarget {

    private final Map<String, String> putHeaders;
    private final Map<String, String> getHeaders;

    public CoterieKvTarget(Optional<String> token) {
        this.getHeaders = CoterieRequests.headers(token, null);
        this.putHeaders = CoterieRequests.headers(token, "application/octet-stream");
    }

    @Override
    public String name() {
        return "coterie";
    }

    @Override
    public WireRequest put(String key, byte[] value) {
        return new WireRequest("PUT", "/v1/kv/" + UrlEncoding.encodePath(key), putHeaders, value);
    }

    @Override
    public WireRequest get(String key, boolean stale) {
        return new WireRequest("GET", "/v1/kv/" + UrlEncoding.encodePath(key) + (stale ? "?stale=true" : ""), getHeaders, null);
    }
}
