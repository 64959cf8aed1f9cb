package io.coterie.telemetry.client;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that moves points from the spool to Kafka, oldest first. It keeps at most {@link #WINDOW_BYTES} in
 * flight. When Kafka fails a send (or the spool drops points that are in flight), it throws the producer away at once,
 * so nothing sent after the failed point can overtake it, waits (bounded exponential backoff), and sends again from
 * the spool's "acknowledged up to" position with a new producer. What the old producer had delivered without our
 * hearing of it is sent twice; consumers recognise the second copy by (producer, seq).
 */
final class Shipper {

    private static final Logger log = LoggerFactory.getLogger(Shipper.class);

    static final long WINDOW_BYTES = 8 * 1024 * 1024;
    static final long FIRST_BACKOFF_MILLIS = 100;
    static final long MAX_BACKOFF_MILLIS = 5_000;
    /** How long an idle shipper sleeps when nobody wakes it: a safety net, not a poll (record and acks wake it). */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Spool spool;
    private final InFlight inFlight;
    private final Supplier<Producer<byte[], byte[]>> producers;
    private final String kafka;
    private final Thread thread;
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean deliveredSinceReset;
    private volatile boolean failing;
    private Handle producer;

    Shipper(Spool spool, Supplier<Producer<byte[], byte[]>> producers, String kafka, String threadName) {
        this.spool = spool;
        this.inFlight = new InFlight(spool);
        this.producers = producers;
        this.kafka = kafka;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** New points, or a flush: look at the spool now rather than at the next idle tick. */
    void wake() {
        LockSupport.unpark(thread);
    }

    /** How many times sending failed and started over (for tests and diagnostics). */
    long failures() {
        return failures.get();
    }

    /** Stops the thread; points in flight that Kafka has not acknowledged stay in the spool. */
    void stop(Duration timeout) throws InterruptedException {
        Handle current;
        synchronized (this) {
            running = false;
            current = producer;
        }
        // Also wakes a send that waits for metadata from an unreachable broker.
        if (current != null) {
            current.closeNow();
        }
        wake();
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            log.warn("The telemetry shipper {} did not stop within {}", thread.getName(), timeout);
        }
    }

    private void run() {
        long backoff = FIRST_BACKOFF_MILLIS;
        SpoolCursor cursor = null;
        while (running) {
            try {
                Exception failure = inFlight.failure();
                if (failure != null || inFlight.oldestIndex() < spool.firstIndex()) {
                    discardProducer();
                    inFlight.reset();
                    if (failure != null) {
                        noteFailure(failure);
                    } else {
                        log.debug("Points in flight were dropped from the spool; sending again from the oldest left");
                    }
                    if (deliveredSinceReset) {
                        backoff = FIRST_BACKOFF_MILLIS;
                        deliveredSinceReset = false;
                    }
                    pause(backoff);
                    backoff = Math.min(2 * backoff, MAX_BACKOFF_MILLIS);
                    cursor = null;
                    continue;
                }
                if (cursor == null) {
                    cursor = spool.cursorAtAcked();
                }
                if (inFlight.bytes() >= WINDOW_BYTES) {
                    LockSupport.parkNanos(IDLE_NANOS);
                    continue;
                }
                SpoolBatch batch = spool.read(cursor);
                if (batch.isEmpty()) {
                    LockSupport.parkNanos(IDLE_NANOS);
                    continue;
                }
                Handle handle = producer();
                if (handle == null) {
                    break;
                }
                for (SpooledPoint point : batch.points()) {
                    if (!send(handle, point)) {
                        break;
                    }
                }
                cursor = batch.next();
            } catch (IOException | RuntimeException e) {
                if (running) {
                    inFlight.fail(e);
                }
            }
        }
        discardProducer();
    }

    private boolean send(Handle handle, SpooledPoint point) {
        InFlight.Slot slot = inFlight.add(point.index(), point.value().length);
        try {
            handle.producer.send(new ProducerRecord<>(TelemetryWire.TOPIC, point.key(), point.value()), (metadata, exception) -> {
                if (inFlight.complete(slot, exception)) {
                    // Before the producer's I/O thread goes on: a later batch of the same partition must not be
                    // written (under a bumped epoch) ahead of the one that failed.
                    handle.closeNow();
                }
                if (exception == null) {
                    deliveredSinceReset = true;
                    if (failing) {
                        failing = false;
                        log.info("Telemetry reaches Kafka at {} again; {} points wait in the spool", kafka, spool.pending());
                    }
                }
                wake();
            });
            return true;
        } catch (RuntimeException e) {
            inFlight.fail(e);
            return false;
        }
    }

    private void noteFailure(Exception failure) {
        failures.incrementAndGet();
        if (!failing) {
            failing = true;
            log.warn("Telemetry cannot deliver to Kafka at {} ({}); {} points wait in the spool {}, retrying with backoff up to {} ms",
                    kafka, failure.toString(), spool.pending(), spool.directory(), MAX_BACKOFF_MILLIS);
        } else {
            log.debug("Telemetry still cannot deliver to Kafka at {}: {}", kafka, failure.toString());
        }
    }

    private void pause(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long left;
        while (running && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private synchronized Handle producer() {
        if (!running) {
            return null;
        }
        if (producer == null) {
            producer = new Handle(producers.get());
        }
        return producer;
    }

    /**
     * Closes the producer without waiting for what it holds. Its late answers, if any, belong to a generation the
     * caller resets next, and are ignored.
     */
    private void discardProducer() {
        Handle current;
        synchronized (this) {
            current = producer;
            producer = null;
        }
        if (current != null) {
            current.closeNow();
        }
    }

    /** A producer closed exactly once, from whichever thread notices first that it must go. */
    private static final class Handle {
        private final Producer<byte[], byte[]> producer;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Handle(Producer<byte[], byte[]> producer) {
            this.producer = producer;
        }

        void closeNow() {
            if (closed.compareAndSet(false, true)) {
                producer.close(Duration.ZERO);
            }
        }
    }
}
