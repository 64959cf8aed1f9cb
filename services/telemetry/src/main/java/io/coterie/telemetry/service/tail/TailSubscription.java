package io.coterie.telemetry.service.tail;

import io.coterie.telemetry.client.TelemetryPoint;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One tail: a bounded buffer between ingest and the client. Ingest only ever offers, which never
 * blocks; when the buffer is full the point is dropped and counted, and the client hears how many
 * it missed in a {@code lagged} event. A sender task drains the buffer to the client, at most one
 * at a time per tail, so a client that reads slowly holds up only itself.
 */
final class TailSubscription {

    private final String source;
    private final String metric;
    private final ArrayBlockingQueue<TelemetryPoint> buffer;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Executor senders;
    private final TailSink sink;
    private volatile Runnable onClose = () -> { };
    private volatile boolean keepAliveDue;
    private volatile boolean expired;

    /** @param metric only points of this metric; null: every metric of the source */
    TailSubscription(String source, String metric, int bufferSize, Executor senders, TailSink sink) {
        this.source = source;
        this.metric = metric;
        this.buffer = new ArrayBlockingQueue<>(bufferSize);
        this.senders = senders;
        this.sink = sink;
    }

    String source() {
        return source;
    }

    void onClose(Runnable action) {
        onClose = action;
    }

    /** Buffers the point if it is one this tail shows; call {@link #flush} after a batch of offers. */
    void offer(TelemetryPoint point) {
        if (closed.get() || (metric != null && !metric.equals(point.metric()))) {
            return;
        }
        if (!buffer.offer(point)) {
            dropped.incrementAndGet();
        }
    }

    void flush() {
        if (!buffer.isEmpty() || dropped.get() > 0) {
            schedule();
        }
    }

    void keepAlive() {
        keepAliveDue = true;
        schedule();
    }

    void expire() {
        expired = true;
        schedule();
    }

    boolean isClosed() {
        return closed.get();
    }

    void close() {
        if (closed.compareAndSet(false, true)) {
            buffer.clear();
            onClose.run();
        }
    }

    private void schedule() {
        if (closed.get() || !draining.compareAndSet(false, true)) {
            return;
        }
        try {
            senders.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // The service is shutting down, or every sender is stuck on a slow client: the next offer tries again.
            draining.set(false);
        }
    }

    private void drain() {
        try {
            send();
        } catch (IOException | RuntimeException e) {
            close(); // the client went away
        } finally {
            draining.set(false);
        }
        // Whatever arrived after the last look and before draining was cleared would otherwise wait for the next offer.
        if (!closed.get() && (!buffer.isEmpty() || dropped.get() > 0 || keepAliveDue || expired)) {
            schedule();
        }
    }

    private void send() throws IOException {
        while (!closed.get()) {
            if (expired) {
                sink.expired();
                close();
                return;
            }
            long missed = dropped.getAndSet(0);
            if (missed > 0) {
                sink.lagged(missed);
            }
            TelemetryPoint point = buffer.poll();
            if (point != null) {
                sink.point(point);
                continue;
            }
            if (keepAliveDue) {
                keepAliveDue = false;
                sink.keepAlive();
            }
            return;
        }
    }
}
