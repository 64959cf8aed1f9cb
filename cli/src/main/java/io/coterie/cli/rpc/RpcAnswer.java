package io.coterie.cli.rpc;

import io.coterie.cli.core.ApiClient;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.Nodes;
import io.coterie.rpc.RpcOutcome;
import io.coterie.rpc.RpcWire;
import java.net.http.HttpResponse;
import java.util.Locale;

/**
 * The gateway's answer to a call and what the caller may conclude from it (docs/rpc.md, Outcomes).
 * The outcome is the {@code Coterie-Outcome} header; an answer without one (an error from before the
 * call was dispatched, or from something between us and the gateway) is judged by its status, and a
 * 502 or 504 without one counts as unknown: the command may have reached the workload.
 */
record RpcAnswer(RpcOutcome outcome, int status, byte[] body, String contentType, boolean replayed) {

    static RpcAnswer of(HttpResponse<byte[]> response) {
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        boolean replayed = response.headers().firstValue(RpcWire.REPLAYED_HEADER).map("true"::equalsIgnoreCase).orElse(false);
        RpcOutcome outcome = response.headers().firstValue(RpcWire.OUTCOME_HEADER).map(header -> RpcOutcome.fromWire(
                        header.trim().toLowerCase(Locale.ROOT)))
                .orElseGet(() -> byStatus(response.statusCode()));
        return new RpcAnswer(outcome, response.statusCode(), response.body(), contentType, replayed);
    }

    /** The problem's detail (or what the answer was) on one line. */
    String problemLine() {
        return ApiClient.problemOf(status, body, contentType).getMessage();
    }

    /** The method failed after it started: the answer is known, what it did before failing is not. */
    boolean workloadFailed() {
        return status == 502 && problemType().endsWith("/workload-failed");
    }

    private String problemType() {
        if (body == null || body.length == 0 || !contentType.contains("json")) {
            return "";
        }
        try {
            String type = Nodes.text(Json.mapper().readTree(body), "type");
            return type == null ? "" : type;
        } catch (RuntimeException notJson) {
            return "";
        }
    }

    private static RpcOutcome byStatus(int status) {
        if (status / 100 == 2) {
            return RpcOutcome.EXECUTED;
        }
        return status == 502 || status == 504 ? RpcOutcome.UNKNOWN : RpcOutcome.REJECTED;
    }
}
