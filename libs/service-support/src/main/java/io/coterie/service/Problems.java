package io.coterie.service;

import io.coterie.api.ProblemType;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Builds problem documents with Coterie's stable types. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(ProblemType type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(type.status()), detail);
        problem.setType(type.uri());
        problem.setTitle(type.title());
        return problem;
    }

    public static ProblemDetail of(ProblemType type, String detail, String instance) {
        ProblemDetail problem = of(type, detail);
        if (instance != null) {
            problem.setInstance(URI.create(instance));
        }
        return problem;
    }

    /** The Coterie type for a status that Spring produced on its own. */
    public static ProblemType typeFor(int status) {
        return switch (status) {
            case 400 -> ProblemType.INVALID_REQUEST;
            case 401 -> ProblemType.UNAUTHORIZED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 409 -> ProblemType.CONFLICT;
            case 412 -> ProblemType.CONDITION_FAILED;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ProblemType.RATE_LIMITED;
            case 503 -> ProblemType.UNAVAILABLE;
            case 504 -> ProblemType.DEADLINE_EXCEEDED;
            default -> status >= 500 ? ProblemType.INTERNAL : ProblemType.INVALID_REQUEST;
        };
    }
}
