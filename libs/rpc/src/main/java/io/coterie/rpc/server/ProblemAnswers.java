package io.coterie.rpc.server;

import io.coterie.api.Problem;
import io.coterie.api.ProblemType;
import io.coterie.rpc.RpcOutcome;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/** RPC problem documents: RFC 9457 members plus {@code outcome} and, when the call had one, {@code idempotencyKey}. */
final class ProblemAnswers {

    private final ObjectMapper json;

    ProblemAnswers(ObjectMapper json) {
        this.json = json;
    }

    RpcAnswer answer(ProblemType type, RpcOutcome outcome, String detail, String instance, String idempotencyKey) {
        return answer(type, type.status(), outcome, detail, instance, idempotencyKey);
    }

    /** With a status other than the type's own (the workload answers 500 for {@code workload-failed}; the gateway 502). */
    RpcAnswer answer(ProblemType type, int status, RpcOutcome outcome, String detail, String instance,
                     String idempotencyKey) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type.uri().toString());
        problem.put("title", type.title());
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", instance);
        problem.put("outcome", outcome.wire());
        if (idempotencyKey != null) {
            problem.put("idempotencyKey", idempotencyKey);
        }
        return new RpcAnswer(status, outcome, Problem.MEDIA_TYPE, json.writeValueAsBytes(problem));
    }
}
