package io.coterie.rpc.server;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's worker pool: a fixed number of threads, and the moment each exchange was handed
 * over. The JDK server hands an exchange to the executor as soon as its connection has data, and
 * the exchange may then wait in the queue behind busy threads: a call's deadline counts from the
 * hand-over, so a call that waited past its deadline is answered without being started.
 */
final class ArrivalStampingExecutor extends AbstractExecutorService {

    private static final ThreadLocal<Long> ARRIVAL = new ThreadLocal<>();

    private final ExecutorService pool;

    ArrivalStampingExecutor(int threads, String name) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        // Unbounded queue, bounded threads: with keep-alive, each connection has at most one exchange
        // queued, and a queued call past its deadline costs only its refusal.
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
    }

    /** When the exchange being handled on this thread was handed over, on {@link System#nanoTime()}'s scale. */
    static long arrivalNanos() {
        Long stamped = ARRIVAL.get();
        return stamped == null ? System.nanoTime() : stamped;
    }

    @Override
    public void execute(Runnable exchange) {
        long arrival = System.nanoTime();
        pool.execute(() -> {
            ARRIVAL.set(arrival);
            try {
                exchange.run();
            } finally {
                ARRIVAL.remove();
            }
        });
    }

    @Override
    public void shutdown() {
        pool.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return pool.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return pool.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return pool.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
    }
}
