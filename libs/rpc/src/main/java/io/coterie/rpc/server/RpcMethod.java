package io.coterie.rpc.server;

import tools.jackson.databind.JsonNode;

/**
 * One method a workload serves. It runs on one of the server's threads; with an idempotency key
 * it runs at most once per (caller, key) while the workload lives.
 */
@FunctionalInterface
public interface RpcMethod {

    /**
     * @param argument the request's JSON body ({@code NullNode} for an empty body), never Java null
     * @return the result, sent as JSON (Java null is sent as JSON {@code null})
     * @throws RpcRejectedException when the argument is refused before anything was done: the
     *                              caller gets 400 {@code invalid-request}, outcome {@code rejected}
     */
    JsonNode call(JsonNode argument, CallContext context) throws RpcRejectedException;
}
