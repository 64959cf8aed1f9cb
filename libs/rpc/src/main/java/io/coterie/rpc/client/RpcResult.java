package io.coterie.rpc.client;

import io.coterie.rpc.RpcOutcome;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a call ended.
 *
 * @param outcome  executed, rejected or unknown (docs/rpc.md, Outcomes)
 * @param status   the HTTP status: 200 with the method's result, else a problem's
 * @param body     the result, or the problem document
 * @param replayed true when the answer is a remembered one (a repeated idempotency key)
 */
public record RpcResult(RpcOutcome outcome, int status, byte[] body, boolean replayed) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public boolean executed() {
        return outcome == RpcOutcome.EXECUTED;
    }

    /** The body as JSON: the result when executed, else the problem document. */
    public JsonNode json() {
        return JSON.readTree(body);
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return outcome.wire() + " " + status + (replayed ? " (replayed) " : " ") + text();
    }
}
