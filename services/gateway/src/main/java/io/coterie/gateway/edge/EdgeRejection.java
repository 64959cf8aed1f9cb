package io.coterie.gateway.edge;

import io.coterie.api.ProblemType;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A call the edge turns away or gives up on, with the problem its caller gets. A status exception,
 * so that code which knows nothing of the edge still answers with the right status.
 */
public class EdgeRejection extends ResponseStatusException {

    private final ProblemType type;
    private final Duration retryAfter;
    private final boolean backendFailure;

    public EdgeRejection(ProblemType type, String detail, Duration retryAfter, boolean backendFailure) {
        super(HttpStatus.valueOf(type.status()), detail);
        this.type = type;
        this.retryAfter = retryAfter;
        this.backendFailure = backendFailure;
    }

    public ProblemType type() {
        return type;
    }

    /** When a retry may succeed ({@code Retry-After}), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether the service is to blame (it counts against its circuit) rather than the caller or the edge. */
    public boolean backendFailure() {
        return backendFailure;
    }

    @Override
    public String getMessage() {
        return getReason();
    }
}
