package io.coterie.gateway.rpc;

import io.coterie.rpc.RpcOutcome;
import java.util.Map;

/**
 * The answer to an application call, shaped like the HTTP answer (docs/rpc.md): the gRPC front end
 * maps the status to a gRPC code.
 *
 * @param outcome     executed, rejected or unknown
 * @param status      the HTTP status (200, or the problem's status)
 * @param contentType {@code application/json} for a result, {@code application/problem+json} for a problem
 * @param body        the result or the problem document
 * @param headers     further headers to send (for example {@code Retry-After}, {@code Coterie-Replayed})
 */
public record RpcResponse(RpcOutcome outcome, int status, String contentType, byte[] body, Map<String, String> headers) {
}
