package io.coterie.rpc.server;

import io.coterie.api.Problem;
import io.coterie.api.ProblemType;
import io.coterie.rpc.RpcOutcome;
import io.coterie.rpc.RpcProblems;
import tools.jackson.databind.ObjectMapper;

/** Problem answers of the workload side. */
final class ProblemAnswers {

    private final ObjectMapper json;

    ProblemAnswers(ObjectMapper json) {
        this.json = json;
    }

    RpcAnswer answer(ProblemType type, RpcOutcome outcome, String detail, String instance, String idempotencyKey) {
        return answer(type, type.status(), outcome, detail, instance, idempotencyKey);
    }

    RpcAnswer answer(ProblemType type, int status, RpcOutcome outcome, String detail, String instance,
                     String idempotencyKey) {
        return new RpcAnswer(status, outcome, Problem.MEDIA_TYPE,
                RpcProblems.document(json, type, status, outcome, detail, instance, idempotencyKey));
    }
}
