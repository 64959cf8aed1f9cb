package io.coterie.cli.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * etcd v3 through its JSON gateway, for comparing like with like: {@code POST /v3/kv/put} and
 * {@code POST /v3/kv/range} with base64 keys and values ({@code serializable} for stale reads).
 */
public final class EtcdKvTarget implements KvTarget {

    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json");

    @Override
    public String name() {
        return "etcd";
    }

    @Override
    public WireRequest put(String key, byte[] value) {
        return post("/v3/kv/put", "{\"key\":\"" + base64(key.getBytes(StandardCharsets.UTF_8))
                + "\",\"value\":\"" + base64(value) + "\"}");
    }

    @Override
    public WireRequest get(String key, boolean stale) {
        return post("/v3/kv/range", "{\"key\":\"" + base64(key.getBytes(StandardCharsets.UTF_8)) + "\""
                + (stale ? ",\"serializable\":true" : "") + "}");
    }

    private static WireRequest post(String path, String json) {
        // Base64 needs no JSON escaping, so the bodies are written by hand: no mapper in the hot loop.
        return new WireRequest("POST", path, HEADERS, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
