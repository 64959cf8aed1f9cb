package io.coterie.telemetry.service;

import io.coterie.api.ProblemType;
import io.coterie.service.ApiException;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Database reads made for a caller. A database that does not answer is this service's trouble,
 * not the caller's mistake and not a bug: 503 {@code unavailable} (with Retry-After), not 500.
 */
public final class DatabaseCalls {

    private DatabaseCalls() {
    }

    public static <T> T answer(Supplier<T> call) {
        try {
            return call.get();
        } catch (DataAccessResourceFailureException | TransientDataAccessException e) {
            throw new ApiException(ProblemType.UNAVAILABLE, "the database does not answer; try again shortly");
        }
    }
}
