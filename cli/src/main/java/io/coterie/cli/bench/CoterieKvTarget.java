package io.coterie.cli.bench;

import io.coterie.cli.core.UrlEncoding;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Coterie's own API: {@code PUT /v1/kv/{key}} with the raw value, {@code GET /v1/kv/{key}[?stale=true]}. */
public final class CoterieKvTarget implements KvTarget {

    private final Map<String, String> putHeaders;
    private final Map<String, String> getHeaders;

    public CoterieKvTarget(Optional<String> token) {
        Map<String, String> common = new LinkedHashMap<>();
        common.put("Accept", "application/json");
        token.ifPresent(t -> common.put("Authorization", "Bearer " + t));
        this.getHeaders = Map.copyOf(common);
        common.put("Content-Type", "application/octet-stream");
        this.putHeaders = Map.copyOf(common);
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
