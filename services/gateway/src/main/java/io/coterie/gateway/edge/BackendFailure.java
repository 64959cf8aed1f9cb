package io.coterie.gateway.edge;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import java.util.function.Predicate;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.core.io.buffer.DataBufferLimitException;

/**
 * What counts against a service's circuit ({@code record-failure-predicate} in application.yml):
 * connection failures, timeouts and 5xx answers; not the caller's mistakes (a body over the limit,
 * a short deadline of its own), not a full bulkhead, not the absence of any instance.
 */
public final class BackendFailure implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable error) {
        if (error instanceof EdgeRejection rejection) {
            return rejection.backendFailure();
        }
        return !(error instanceof NotFoundException || error instanceof BulkheadFullException
                || error instanceof DataBufferLimitException);
    }
}
