package io.coterie.gateway.rpc;

import io.coterie.api.ProblemType;
import io.coterie.auth.Action;
import io.coterie.auth.Grant;
import io.coterie.auth.Grants;
import io.coterie.naming.NamePath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A call that passed every check of its own (name, method, key, body, grant): what is left to
 * find out needs the namespace, the store or the workload.
 *
 * @param body          the JSON argument; an empty body became the JSON {@code null}
 * @param recordKey     where its record lives, when it has a key
 * @param requestSha256 what the key stands for (name, method and body)
 */
record Call(NamePath name, String method, byte[] body, String key, String token, Instant deadline, String recordKey,
            String requestSha256) {

    /** Checks a request in the order a caller fixes things: what it sent, then what it may do. */
    static Call of(RpcRequest request) throws RefusedException {
        NamePath name = CallRules.callableName(request.name());
        var method = CallRules.methodViolation(request.method());
        if (method.isPresent()) {
            throw refused(ProblemType.INVALID_REQUEST, "the method '" + CallRules.printable(String.valueOf(request.method()))
                    + "' is not valid: " + method.get());
        }
        String key = request.idempotencyKey();
        if (key != null) {
            var violation = CallRules.keyViolation(key);
            if (violation.isPresent()) {
                throw refused(ProblemType.INVALID_REQUEST, violation.get());
            }
        }
        byte[] body = request.body() == null || request.body().length == 0 ? CallRules.NULL_BODY : request.body();
        if (body.length > CallRules.MAX_BODY_BYTES) {
            throw refused(ProblemType.PAYLOAD_TOO_LARGE, "the argument has " + body.length + " bytes; at most "
                    + CallRules.MAX_BODY_BYTES + " are allowed");
        }
        var json = CallRules.jsonViolation(body);
        if (json.isPresent()) {
            throw refused(ProblemType.INVALID_REQUEST, json.get());
        }
        if (!grants(request.grants()).allows(Action.CALL, name.toString())) {
            throw refused(ProblemType.FORBIDDEN, "the token does not grant " + Action.CALL.wire() + " on " + name
                    + " (a grant such as " + Action.CALL.wire() + ":" + name.parent().map(p -> p + "/").orElse(name.toString()) + ")");
        }
        String principal = Objects.requireNonNullElse(request.principal(), "");
        return new Call(name, request.method(), body, key, request.bearerToken(), request.deadline(),
                key == null ? null : CallRecords.keyOf(principal, key),
                key == null ? null : CallRecords.requestSha256(name.toString(), request.method(), body));
    }

    /** A grant the token holds but that does not parse allows nothing; the others still count. */
    private static Grants grants(List<String> texts) {
        List<Grant> parsed = new ArrayList<>();
        for (String text : texts == null ? List.<String>of() : texts) {
            try {
                parsed.add(Grant.parse(text));
            } catch (IllegalArgumentException e) {
                // ignored: see above
            }
        }
        return new Grants(parsed);
    }

    private static RefusedException refused(ProblemType type, String detail) {
        return new RefusedException(new Refusal(type, detail));
    }

    String instance() {
        return RpcProblems.instance(name.toString(), method);
    }

    Duration remaining() {
        return Duration.between(Instant.now(), deadline);
    }
}
