package io.coterie.gateway.rpc;

import java.time.Instant;
import java.util.List;

/**
 * One application call as both front ends (HTTP {@code /v1/rpc/...} and gRPC) hand it over, after
 * authentication and before any other check: the dispatcher validates name, method, body and key.
 *
 * @param principal      the token's subject
 * @param grants         the token's grants ({@code ACTION:PREFIX})
 * @param bearerToken    the caller's token, forwarded to the workload
 * @param name           the name as given (e.g. {@code /robots/r1})
 * @param method         the method as given (e.g. {@code speed.increase})
 * @param body           the JSON argument as sent (may be empty)
 * @param idempotencyKey the caller's key, or null
 * @param deadline       when the caller stops waiting
 */
public record RpcRequest(String principal, List<String> grants, String bearerToken, String name, String method,
                         byte[] body, String idempotencyKey, Instant deadline) {
}
