package io.coterie.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * Runs the load: {@code clients} threads share one counter of operations, each with its own
 * session (for HTTP, its own kept-alive connection). Each thread records into its own
 * histogram, merged at the end, so recording costs no contention.
 */
public final class LoadRunner<S extends Session> {

    /** Latencies up to an hour are tracked at three significant digits (microsecond precision below a second). */
    static final long HIGHEST_MICROS = 3_600_000_000L;

    /** Operation number {@code op} on a client's session: null when it worked, else what went wrong. */
    @FunctionalInterface
    public interface Op<S> {
        String run(S session, long op);
    }

    /** What a measured phase saw: latencies in µs of the operations that worked, how many failed, how long it took. */
    public record Measured(Histogram latenciesMicros, long errors, long elapsedNanos) {
    }

    private final IntFunction<S> sessions;
    private final int clients;
    private final AtomicReference<String> firstError = new AtomicReference<>();

    /** @param sessions the session of client number {@code i}, opened afresh for every phase */
    public LoadRunner(IntFunction<S> sessions, int clients) {
        this.sessions = sessions;
        this.clients = clients;
    }

    /** What went wrong first, for the one line a failed run prints. */
    public String firstError() {
        return firstError.get();
    }

    /** Runs {@code count} operations unmeasured (to write what is read, or to warm up); the number that failed. */
    public long run(long count, Op<S> op) throws InterruptedException {
        return phase(count, Long.MAX_VALUE, op, null);
    }

    public Measured measure(long count, Op<S> op) throws InterruptedException {
        return measure(count, Long.MAX_VALUE, op);
    }

    /** Measures operations until {@code duration} has passed; those in flight then still finish and count. */
    public Measured measureFor(java.time.Duration duration, Op<S> op) throws InterruptedException {
        return measure(Long.MAX_VALUE, duration.toNanos(), op);
    }

    private Measured measure(long count, long durationNanos, Op<S> op) throws InterruptedException {
        Histogram latencies = new Histogram(HIGHEST_MICROS, 3);
        long start = System.nanoTime();
        long errors = phase(count, durationNanos, op, latencies);
        return new Measured(latencies, errors, System.nanoTime() - start);
    }

    private long phase(long count, long durationNanos, Op<S> op, Histogram into) throws InterruptedException {
        long start = System.nanoTime();
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Histogram> perClient = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            S session = sessions.apply(client);
            Histogram latencies = new Histogram(HIGHEST_MICROS, 3);
            perClient.add(latencies);
            Thread thread = new Thread(() -> {
                try (session) {
                    for (long i = next.getAndIncrement(); i < count && System.nanoTime() - start < durationNanos;
                         i = next.getAndIncrement()) {
                        long started = System.nanoTime();
                        String error = op.run(session, i);
                        long micros = (System.nanoTime() - started) / 1000;
                        if (error == null) {
                            latencies.recordValue(Math.max(1, Math.min(micros, HIGHEST_MICROS)));
                        } else {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, error);
                        }
                    }
                }
            }, "bench-client-" + client);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        if (into != null) {
            perClient.forEach(into::add);
        }
        return errors.get();
    }
}
