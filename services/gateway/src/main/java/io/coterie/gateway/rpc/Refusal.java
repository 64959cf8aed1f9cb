package io.coterie.gateway.rpc;

import io.coterie.api.ProblemType;

/**
 * Why a call was turned away before it could reach a workload: the command did not run, and the
 * answer is {@code rejected}.
 *
 * @param retryAfterSeconds for {@code Retry-After}, or 0 when there is none to give
 */
record Refusal(ProblemType type, String detail, long retryAfterSeconds) {

    Refusal(ProblemType type, String detail) {
        this(type, detail, type.status() == 503 || type.status() == 429 ? 1 : 0);
    }
}
