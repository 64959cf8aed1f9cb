package io.coterie.ids;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link IdCounter} that behaves like the store's compare-and-set, and can be told to
 * lose races: before a compare-and-set it lets a phantom instance lease a block first, or fails
 * like a store without quorum.
 */
final class FakeIdCounter implements IdCounter {

    private Value value;
    private long versions;
    final AtomicInteger casAttempts = new AtomicInteger();
    private int racesToLose;
    private long phantomLease;
    private int failuresToThrow;

    @Override
    public synchronized Optional<Value> read() {
        return Optional.ofNullable(value);
    }

    @Override
    public synchronized boolean compareAndSet(long expectedVersion, long next) {
        casAttempts.incrementAndGet();
        if (failuresToThrow > 0) {
            failuresToThrow--;
            throw new IllegalStateException("no quorum (simulated)");
        }
        if (racesToLose > 0) {
            racesToLose--;
            long current = value == null ? 1 : value.next();
            value = new Value(current + phantomLease, ++versions);
        }
        long currentVersion = value == null ? 0 : value.version();
        if (currentVersion != expectedVersion) {
            return false;
        }
        value = new Value(next, ++versions);
        return true;
    }

    /** The next {@code races} compare-and-sets find that another instance leased {@code size} IDs just before. */
    synchronized FakeIdCounter loseRaces(int races, long size) {
        this.racesToLose = races;
        this.phantomLease = size;
        return this;
    }

    synchronized FakeIdCounter failNext(int failures) {
        this.failuresToThrow = failures;
        return this;
    }

    /** Sets the counter directly, as an operator editing the key by hand would. */
    synchronized void set(long next) {
        value = new Value(next, ++versions);
    }

    synchronized long next() {
        return value == null ? 1 : value.next();
    }
}
