package io.coterie.ids;

import java.util.Optional;

/**
 * The cluster-wide counter ranges are leased from: the first ID nobody has leased yet. A plain
 * interface, so that the allocator can be tested against a fake that loses races on purpose.
 */
public interface IdCounter {

    /** The counter and its version, or empty when no instance has leased anything yet (start at 1). */
    Optional<Value> read();

    /**
     * Sets the counter to {@code next} if it is still at {@code expectedVersion} (0: still absent).
     * False when another instance moved it first; failures of the store itself are exceptions.
     */
    boolean compareAndSet(long expectedVersion, long next);

    /** @param next    the first ID not leased yet
     *  @param version changes on every update (the store's mod revision) */
    record Value(long next, long version) {
    }
}
