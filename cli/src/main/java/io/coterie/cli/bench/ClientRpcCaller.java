package io.coterie.cli.bench;

import io.coterie.rpc.client.CallOptions;
import io.coterie.rpc.client.RpcClient;
import io.coterie.rpc.client.RpcResult;
import java.time.Duration;

/**
 * Calls through the in-process client ({@link RpcClient}): it resolves the name itself and calls the
 * workload directly over its own pooled connections. All load threads share one client, as the
 * threads of one process would.
 */
final class ClientRpcCaller implements RpcCaller {

    private final RpcClient client;
    private final String name;
    private final String method;
    private final byte[] argument;
    private final CallOptions options;

    ClientRpcCaller(RpcClient client, String name, String method, byte[] argument, Duration budget) {
        this.client = client;
        this.name = name;
        this.method = method;
        this.argument = argument;
        this.options = new CallOptions(null, budget);
    }

    @Override
    public String call(String idempotencyKey) {
        RpcResult result = client.call(name, method, argument, idempotencyKey == null ? options : options.withKey(idempotencyKey));
        if (result.executed()) {
            return null;
        }
        String text = result.toString();
        return "the in-process client's call " + name + " " + method + " ended " + (text.length() > 200 ? text.substring(0, 200) : text)
                .replaceAll("\\s+", " ");
    }

    @Override
    public void close() {
        // The client is shared by every load thread and closed with the run.
    }
}
