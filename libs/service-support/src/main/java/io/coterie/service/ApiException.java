package io.coterie.service;

import io.coterie.api.ProblemType;
import java.util.Map;

/** A failure a service reports to its caller as a problem document of the given type. */
public class ApiException extends RuntimeException {

    private final ProblemType type;
    private final Map<String, Object> properties;

    public ApiException(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    public ApiException(ProblemType type, String detail, Map<String, Object> properties) {
        super(detail);
        this.type = type;
        this.properties = Map.copyOf(properties);
    }

    public ProblemType type() {
        return type;
    }

    /** Extension members of the problem document, e.g. {@code revision}. */
    public Map<String, Object> properties() {
        return properties;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(ProblemType.INVALID_REQUEST, detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(ProblemType.NOT_FOUND, detail);
    }
}
