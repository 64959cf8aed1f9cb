package io.coterie.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * Runs the load: {@code clients} threads share one counter of operations, each with its own
 * {@link Session} (for HTTP, its own kept-alive connection). Each thread records into its own
 * histogram, merged at the end, so recording costs no contention.
 */
public final class LoadRunner {

    /** Latencies up to an hour are tracked at three significant digits (microsecond precision below a second). */
    private static final long HIGHEST_MICROS = 3_600_000_000L;

    private final IntFunction<Session> sessions;
    private final String targetName;
    private final LoadShape shape;
    private final byte[] value;
    private final AtomicReference<String> firstError = new AtomicReference<>();

    /** @param sessions the session of client number {@code i} */
    public LoadRunner(IntFunction<Session> sessions, String targetName, LoadShape shape) {
        this.sessions = sessions;
        this.targetName = targetName;
        this.shape = shape;
        this.value = shape.value();
    }

    /** What went wrong first, for the one line a failed run prints. */
    public String firstError() {
        return firstError.get();
    }

    /** Writes every key once (reads need something to read); the number of failed writes. */
    public long populate() throws InterruptedException {
        return phase(shape.keys(), (session, op) -> session.put(shape.keyPrefix() + op, value), null).errors;
    }

    public void warmUp() throws InterruptedException {
        phase(shape.warmup(), this::measuredOp, null);
    }

    public BenchResult measure() throws InterruptedException {
        Histogram latencies = new Histogram(HIGHEST_MICROS, 3);
        long start = System.nanoTime();
        Phase phase = phase(shape.ops(), this::measuredOp, latencies);
        long elapsed = System.nanoTime() - start;
        return BenchResult.of(targetName, shape, latencies, phase.errors, elapsed);
    }

    private String measuredOp(Session session, long op) {
        return switch (shape.mode()) {
            case write -> session.put(shape.key(op), value);
            case read -> session.get(shape.key(op), false);
            case stale -> session.get(shape.key(op), true);
        };
    }

    private record Phase(long errors) {
    }

    private interface Op {
        /** Null when the operation worked, else what went wrong. */
        String run(Session session, long op);
    }

    private Phase phase(long count, Op op, Histogram into) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Histogram> perClient = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int client = 0; client < shape.clients(); client++) {
            Session session = sessions.apply(client);
            Histogram latencies = new Histogram(HIGHEST_MICROS, 3);
            perClient.add(latencies);
            Thread thread = new Thread(() -> {
                try (session) {
                    for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
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
        return new Phase(errors.get());
    }
}
