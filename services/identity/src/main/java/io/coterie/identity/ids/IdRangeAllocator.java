package io.coterie.identity.ids;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Hands out IDs from a range this instance leased from the shared {@link IdCounter}, leasing
 * more blocks when a request needs more than what is left. Every lease moves the counter forward
 * with a compare-and-set, so no two leases (of any instances, across any restarts) overlap; what a
 * crashed instance had not handed out is simply never used. IDs only grow within one allocator:
 * each lease starts where the counter was, which is at or past the end of the previous one.
 *
 * <p>Thread-safe; requests are served one at a time, in order.
 */
public final class IdRangeAllocator {

    public static final int MAX_ATTEMPTS = 100;

    private final IdCounter counter;
    private final long blockSize;
    /** The local range not handed out yet: [next, end). */
    private long next;
    private long end;

    public IdRangeAllocator(IdCounter counter, long blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("the block size must be positive");
        }
        this.counter = counter;
        this.blockSize = blockSize;
    }

    /** {@code count} new IDs, as few increasing ranges as possible (usually one). */
    public synchronized List<IdRange> allocate(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive");
        }
        long local = Math.min(count, end - next);
        long missing = count - local;
        List<IdRange> ranges = new ArrayList<>(2);
        if (missing == 0) {
            ranges.add(new IdRange(next, count));
            next += count;
            return ranges;
        }
        long blocks = (missing + blockSize - 1) / blockSize;
        // Lease first, hand out after: a failed lease leaves the local range as it was.
        long leased = lease(Math.multiplyExact(blocks, blockSize));
        if (local > 0 && leased == end) {
            ranges.add(new IdRange(next, count));
        } else {
            if (local > 0) {
                ranges.add(new IdRange(next, local));
            }
            ranges.add(new IdRange(leased, missing));
        }
        next = leased + missing;
        end = leased + blocks * blockSize;
        return ranges;
    }

    /** IDs left in the local range, for tests and metrics. */
    public synchronized long remaining() {
        return end - next;
    }

    /** Moves the shared counter forward by {@code size}; answers the first ID of the leased range. */
    private long lease(long size) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<IdCounter.Value> seen = counter.read();
            long first = seen.map(IdCounter.Value::next).orElse(1L);
            if (first < end) {
                throw new IllegalStateException("the shared ID counter went backwards (it says " + first
                        + ", this instance has leased up to " + (end - 1) + "); refusing to hand out IDs that may repeat");
            }
            if (counter.compareAndSet(seen.map(IdCounter.Value::version).orElse(0L), Math.addExact(first, size))) {
                return first;
            }
        }
        throw new IllegalStateException("could not lease IDs: the counter changed under " + MAX_ATTEMPTS + " attempts in a row");
    }
}
