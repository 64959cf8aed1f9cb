package io.coterie.identity.directory;

import io.coterie.service.ApiException;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a listing. {@code next}, absent on the last page, is what to pass as {@code after}
 * for the following one: a name for principals and roles, a sequence number for the audit log.
 */
public record Page<T>(List<T> items, Object next) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public static int checkedLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    /** {@code rows} was fetched with one row more than {@code limit}, to learn whether another page follows. */
    public static <T> Page<T> of(List<T> rows, int limit, Function<T, Object> cursor) {
        if (rows.size() <= limit) {
            return new Page<>(List.copyOf(rows), null);
        }
        List<T> items = List.copyOf(rows.subList(0, limit));
        return new Page<>(items, cursor.apply(items.get(limit - 1)));
    }
}
