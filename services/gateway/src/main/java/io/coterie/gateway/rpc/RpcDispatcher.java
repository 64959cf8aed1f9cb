package io.coterie.gateway.rpc;

import reactor.core.publisher.Mono;

/** Calls a method of the workload bound under a name, with the guarantees of docs/rpc.md. Never fails: every error is an {@link RpcResponse}. */
public interface RpcDispatcher {

    Mono<RpcResponse> call(RpcRequest request);
}
