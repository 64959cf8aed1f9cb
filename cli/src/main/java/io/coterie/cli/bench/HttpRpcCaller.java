package io.coterie.cli.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Calls over one kept-alive connection of the load generator's own: the gateway's
 * {@code /v1/rpc{NAME}/{METHOD}} or the workload's {@code /rpc/{METHOD}}, byte for byte the same
 * request otherwise, so the two paths differ only in the hop.
 */
final class HttpRpcCaller implements RpcCaller {

    private final HttpSession session;
    private final WireRequest plain;

    HttpRpcCaller(HttpSession session, WireRequest plain) {
        this.session = session;
        this.plain = plain;
    }

    /** The call without a key: {@code POST target} with the token, the budget and the JSON argument. */
    static WireRequest request(String target, String token, long budgetMillis, byte[] argument) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        headers.put("Content-Type", "application/json");
        headers.put("Coterie-Timeout", Long.toString(budgetMillis));
        return new WireRequest("POST", target, Map.copyOf(headers), argument);
    }

    @Override
    public String call(String idempotencyKey) {
        if (idempotencyKey == null) {
            return session.send(plain);
        }
        Map<String, String> headers = new LinkedHashMap<>(plain.headers());
        headers.put("Idempotency-Key", idempotencyKey);
        return session.send(new WireRequest(plain.method(), plain.target(), headers, plain.body()));
    }

    @Override
    public void close() {
        session.close();
    }
}
