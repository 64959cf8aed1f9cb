package io.coterie.rpc;

import io.coterie.api.ProblemType;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/** RPC problem documents: RFC 9457 members plus {@code outcome} and, when the call had one, {@code idempotencyKey}. */
public final class RpcProblems {

    private RpcProblems() {
    }

    /** The document as bytes; {@code status} may differ from the type's own (the workload answers 500 for {@code workload-failed}). */
    public static byte[] document(ObjectMapper json, ProblemType type, int status, RpcOutcome outcome, String detail,
                                  String instance, String idempotencyKey) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type.uri().toString());
        problem.put("title", type.title());
        problem.put("status", status);
        problem.put("detail", detail);
        if (instance != null) {
            problem.put("instance", instance);
        }
        problem.put("outcome", outcome.wire());
        if (idempotencyKey != null) {
            problem.put("idempotencyKey", idempotencyKey);
        }
        return json.writeValueAsBytes(problem);
    }
}
