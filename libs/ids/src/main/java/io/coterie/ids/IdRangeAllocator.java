package io.coterie.ids;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * Hands out IDs from a range this instance leased from the shared {@link IdCounter}, leasing
 * more when a request needs more than what is left. Every lease moves the counter forward with a
 * compare-and-set, so no two leases (of any instances, across any restarts) overlap; what a
 * crashed instance had not handed out is simply never used. IDs only grow within one allocator:
 * each lease starts where the counter was, which is at or past the end of the previous one.
 *
 * <p>With a background executor the allocator works like Leaf's segment mode with its double
 * buffer: once less than half a lease is left, the next lease is taken in the background, so
 * requests rarely wait for the store; and the lease size adapts to demand, doubling (up to a
 * maximum) while a lease lasts less than {@link #FAST_LEASE_NANOS} and halving (down to the
 * block size) once one lasts longer than {@link #SLOW_LEASE_NANOS}. A crash then skips at most
 * two leases.
 *
 * <p>Thread-safe; requests are served one at a time, in order.
 */
public final class IdRangeAllocator {

    public static final int MAX_ATTEMPTS = 100;
    static final long FAST_LEASE_NANOS = 1_000_000_000L;
    static final long SLOW_LEASE_NANOS = 60_000_000_000L;

    /** IDs leased from the counter: [first, first + size). */
    private record Lease(long first, long size) {
        long end() {
            return first + size;
        }
    }

    private final IdCounter counter;
    private final long blockSize;
    private final long maxBlockSize;
    /** Where leases are taken ahead of need; null: only when a request needs one. */
    private final Executor background;
    private final LongSupplier nanoClock;

    /** The local range not handed out yet: [next, end). */
    private long next;
    private long end;
    /** The end of the highest lease taken in: the counter must never be found below it. */
    private long leasedUpTo;
    /** How many IDs the next lease takes. */
    private long step;
    private long currentSince;
    /** The lease taken ahead of need, in flight or done; null when there is none. */
    private CompletableFuture<Lease> ahead;
    /** A lease taken in but not used: a request took it and then failed to lease the rest. */
    private Lease spare;

    /** An allocator that leases {@code blockSize} IDs whenever it runs out, and only then. */
    public IdRangeAllocator(IdCounter counter, long blockSize) {
        this(counter, blockSize, blockSize, null, System::nanoTime);
    }

    /**
     * An allocator that leases ahead of need on {@code background}, {@code blockSize} to
     * {@code maxBlockSize} IDs at a time as demand goes.
     */
    public IdRangeAllocator(IdCounter counter, long blockSize, long maxBlockSize, Executor background, LongSupplier nanoClock) {
        if (blockSize < 1 || maxBlockSize < blockSize) {
            throw new IllegalArgumentException("the block size must be positive and at most the maximum block size");
        }
        this.counter = counter;
        this.blockSize = blockSize;
        this.maxBlockSize = maxBlockSize;
        this.background = background;
        this.nanoClock = nanoClock;
        this.step = blockSize;
        this.currentSince = nanoClock.getAsLong();
    }

    /** {@code count} new IDs, as few increasing ranges as possible (usually one). */
    public synchronized List<IdRange> allocate(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive");
        }
        long local = Math.min(count, end - next);
        long missing = count - local;
        List<IdRange> ranges = new ArrayList<>(2);
        if (missing > 0) {
            // Lease first, hand out after: a failed lease leaves the local range as it was.
            List<Lease> leases = leasesFor(missing);
            add(ranges, next, local);
            long wanted = missing;
            for (Lease lease : leases) {
                long taken = Math.min(wanted, lease.size());
                add(ranges, lease.first(), taken);
                wanted -= taken;
                next = lease.first() + taken;
                end = lease.end();
            }
            adaptStep();
        } else {
            add(ranges, next, count);
            next += count;
        }
        leaseAheadIfLow();
        return ranges;
    }

    /** IDs left in the local range, for tests and metrics. */
    public synchronized long remaining() {
        return end - next;
    }

    /** How many IDs the next lease will take, for tests and metrics. */
    public synchronized long step() {
        return step;
    }

    /** Leases covering {@code missing} IDs, in increasing order: the one taken ahead (if any) first. */
    private List<Lease> leasesFor(long missing) {
        List<Lease> leases = new ArrayList<>(2);
        Optional<Lease> early = takeAhead();
        early.ifPresent(leases::add);
        long covered = early.map(Lease::size).orElse(0L);
        if (covered < missing) {
            long size = Math.multiplyExact((missing - covered + step - 1) / step, step);
            try {
                leases.add(accept(lease(size, leasedUpTo)));
            } catch (RuntimeException e) {
                spare = early.orElse(null); // still ours, for the next request
                throw e;
            }
        }
        return leases;
    }

    /** The lease taken ahead, once it arrived; empty if there is none or it failed (the request then leases itself). */
    private Optional<Lease> takeAhead() {
        if (spare != null) {
            Optional<Lease> kept = Optional.of(spare);
            spare = null;
            return kept;
        }
        CompletableFuture<Lease> pending = ahead;
        ahead = null;
        if (pending == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(accept(pending.join()));
        } catch (CompletionException e) {
            if (e.getCause() instanceof CounterWentBackwards backwards) {
                throw backwards;
            }
            return Optional.empty();
        }
    }

    private Lease accept(Lease lease) {
        if (lease.first() < leasedUpTo) {
            throw wentBackwards(lease.first(), leasedUpTo);
        }
        leasedUpTo = lease.end();
        return lease;
    }

    private void leaseAheadIfLow() {
        if (background == null || ahead != null || spare != null || end - next >= step / 2) {
            return;
        }
        long size = step;
        long floor = leasedUpTo;
        ahead = CompletableFuture.supplyAsync(() -> lease(size, floor), background);
    }

    /** A lease used up quickly means demand is high: the next one is bigger; a slow one, smaller. */
    private void adaptStep() {
        long now = nanoClock.getAsLong();
        long lasted = now - currentSince;
        currentSince = now;
        if (background == null) {
            return;
        }
        if (lasted < FAST_LEASE_NANOS) {
            step = Math.min(maxBlockSize, step * 2);
        } else if (lasted > SLOW_LEASE_NANOS) {
            step = Math.max(blockSize, step / 2);
        }
    }

    private static void add(List<IdRange> ranges, long first, long count) {
        if (count == 0) {
            return;
        }
        if (!ranges.isEmpty()) {
            IdRange last = ranges.get(ranges.size() - 1);
            if (last.last() + 1 == first) {
                ranges.set(ranges.size() - 1, new IdRange(last.first(), last.count() + count));
                return;
            }
        }
        ranges.add(new IdRange(first, count));
    }

    /** Moves the shared counter forward by {@code size}, refusing a counter below {@code floor}. */
    private Lease lease(long size, long floor) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<IdCounter.Value> seen = counter.read();
            long first = seen.map(IdCounter.Value::next).orElse(1L);
            if (first < floor) {
                throw wentBackwards(first, floor);
            }
            if (counter.compareAndSet(seen.map(IdCounter.Value::version).orElse(0L), Math.addExact(first, size))) {
                return new Lease(first, size);
            }
        }
        throw new IllegalStateException("could not lease IDs: the counter changed under " + MAX_ATTEMPTS + " attempts in a row");
    }

    private static CounterWentBackwards wentBackwards(long first, long floor) {
        return new CounterWentBackwards("the shared ID counter went backwards (it says " + first
                + ", this instance has leased up to " + (floor - 1) + "); refusing to hand out IDs that may repeat");
    }

    /** The counter is below what this instance already leased: someone edited it, and IDs could repeat. */
    static final class CounterWentBackwards extends IllegalStateException {
        CounterWentBackwards(String message) {
            super(message);
        }
    }
}
