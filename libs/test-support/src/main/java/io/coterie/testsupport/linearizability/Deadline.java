package io.coterie.testsupport.linearizability;

import java.time.Duration;

/** A time budget shared by all partitions of one check; looked at only every so often because it is hot. */
final class Deadline {

    /** Thrown out of the search when the budget is spent; carries no stack trace as it is control flow. */
    static final class Expired extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Expired() {
            super("linearizability check timed out", null, false, false);
        }
    }

    private static final int CHECK_EVERY = 1024;

    private final long start = System.nanoTime();
    private final long budgetNanos;
    private int countdown = CHECK_EVERY;

    Deadline(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout " + timeout);
        }
        this.budgetNanos = saturatedNanos(timeout);
    }

    /** Counts one unit of work, throwing {@link Expired} if the budget has run out. */
    void tick() {
        if (--countdown > 0) {
            return;
        }
        countdown = CHECK_EVERY;
        if (System.nanoTime() - start > budgetNanos) {
            throw new Expired();
        }
    }

    private static long saturatedNanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
