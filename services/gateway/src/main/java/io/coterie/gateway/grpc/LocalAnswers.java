package io.coterie.gateway.grpc;

import io.coterie.api.Problem;
import io.coterie.api.ProblemType;
import io.coterie.rpc.RpcOutcome;
import io.coterie.rpc.RpcProblems;
import io.coterie.gateway.rpc.RpcResponse;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answers the gRPC front end gives without the dispatcher (no valid token, no answer by the
 * deadline), shaped like the dispatcher's: RPC problem documents with {@code outcome} and, when the
 * call had one, {@code idempotencyKey} (docs/rpc.md, Outcomes).
 */
final class LocalAnswers {

    private final JsonMapper json;

    LocalAnswers(JsonMapper json) {
        this.json = json;
    }

    /** No token, or one that does not verify: the call did not run. */
    RpcResponse unauthenticated(String detail) {
        return problem(RpcOutcome.REJECTED, ProblemType.UNAUTHORIZED, detail, null);
    }

    /** The call could not be started (its token could not be checked, no dispatcher): it did not run. */
    RpcResponse unavailable(String detail) {
        return problem(RpcOutcome.REJECTED, ProblemType.UNAVAILABLE, detail, null);
    }

    /** The caller's principal is over its rate: the call did not run. */
    RpcResponse rateLimited(long retryAfterSeconds) {
        RpcResponse problem = problem(RpcOutcome.REJECTED, ProblemType.RATE_LIMITED,
                "too many requests from this principal; retry in " + retryAfterSeconds + " s", null);
        return new RpcResponse(problem.outcome(), problem.status(), problem.contentType(), problem.body(),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    /** The deadline passed first: the command may have run or may still run. */
    RpcResponse outcomeUnknown(String idempotencyKey) {
        return problem(RpcOutcome.UNKNOWN, ProblemType.OUTCOME_UNKNOWN, idempotencyKey == null
                ? "the deadline passed before the call was answered; it may have run"
                : "the deadline passed before the call was answered; retry with the same idempotency key to learn its outcome",
                idempotencyKey);
    }

    /** The dispatcher failed, which it promises never to do: whether the command ran is not known. */
    RpcResponse failed(String idempotencyKey) {
        return problem(RpcOutcome.UNKNOWN, ProblemType.INTERNAL, "the gateway failed while handling the call", idempotencyKey);
    }

    private RpcResponse problem(RpcOutcome outcome, ProblemType type, String detail, String idempotencyKey) {
        return new RpcResponse(outcome, type.status(), Problem.MEDIA_TYPE,
                RpcProblems.document(json, type, type.status(), outcome, detail, null, idempotencyKey), Map.of());
    }
}
