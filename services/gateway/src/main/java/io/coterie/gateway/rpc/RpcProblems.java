package io.coterie.gateway.rpc;

import io.coterie.rpc.RpcOutcome;
import io.coterie.api.ProblemType;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** RFC 9457 problem documents for RPC answers: the usual members, plus {@code outcome} and {@code idempotencyKey}. */
final class RpcProblems {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String RESULT_JSON = "application/json";
    static final String RETRY_AFTER = "Retry-After";
    static final String REPLAYED = "Coterie-Replayed";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RpcProblems() {
    }

    /** Where the call went, as the problem's {@code instance}. */
    static String instance(String name, String method) {
        return "/v1/rpc" + name + "/" + method;
    }

    static RpcResponse rejected(Refusal refusal, String instance, String key) {
        Map<String, String> headers = new HashMap<>();
        if (refusal.retryAfterSeconds() > 0) {
            headers.put(RETRY_AFTER, Long.toString(refusal.retryAfterSeconds()));
        }
        return new RpcResponse(RpcOutcome.REJECTED, refusal.type().status(), PROBLEM_JSON,
                document(refusal.type(), refusal.detail(), instance, RpcOutcome.REJECTED, key), Map.copyOf(headers));
    }

    static RpcResponse outcomeUnknown(String instance, String key) {
        return outcomeUnknown("the deadline passed before the workload answered: the command may have run, or may still run",
                instance, key);
    }

    /** {@code why} says what happened; the key, when there is one, is named as the way to learn more. */
    static RpcResponse outcomeUnknown(String why, String instance, String key) {
        String detail = key == null ? why : why + "; retry with Idempotency-Key " + key + " to learn its outcome";
        return new RpcResponse(RpcOutcome.UNKNOWN, 504, PROBLEM_JSON,
                document(ProblemType.OUTCOME_UNKNOWN, detail, instance, RpcOutcome.UNKNOWN, key), Map.of());
    }

    static RpcResponse workloadFailed(String detail, String instance, String key) {
        return new RpcResponse(RpcOutcome.UNKNOWN, 502, PROBLEM_JSON,
                document(ProblemType.WORKLOAD_FAILED, detail, instance, RpcOutcome.UNKNOWN, key), Map.of());
    }

    static byte[] document(ProblemType type, String detail, String instance, RpcOutcome outcome, String key) {
        return io.coterie.rpc.RpcProblems.document(JSON, type, type.status(), outcome, detail, instance, key);
    }

    /**
     * A problem document someone else wrote (the workload, or the edge), with our members added;
     * a body that is no problem document is replaced by one of {@code fallback}'s type.
     */
    static byte[] withOutcome(byte[] body, ProblemType fallback, String fallbackDetail, String instance, RpcOutcome outcome,
                              String key) {
        try {
            JsonNode node = body.length == 0 ? null : JSON.readTree(body);
            if (node instanceof ObjectNode problem && problem.hasNonNull("type")) {
                problem.put("outcome", outcome.wire());
                if (key != null) {
                    problem.put("idempotencyKey", key);
                }
                return JSON.writeValueAsBytes(problem);
            }
        } catch (JacksonException e) {
            // Not JSON: replaced below.
        }
        return document(fallback, fallbackDetail, instance, outcome, key);
    }

    /** The problem type that goes with a status someone else answered without a document of its own. */
    static ProblemType typeOf(int status) {
        return switch (status) {
            case 401 -> ProblemType.UNAUTHORIZED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ProblemType.RATE_LIMITED;
            case 504 -> ProblemType.DEADLINE_EXCEEDED;
            default -> status >= 500 ? ProblemType.UNAVAILABLE : ProblemType.INVALID_REQUEST;
        };
    }
}
