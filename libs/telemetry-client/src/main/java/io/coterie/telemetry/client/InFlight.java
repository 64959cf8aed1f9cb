package io.coterie.telemetry.client;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The points handed to the Kafka producer and not yet acknowledged, in the order they were sent. Kafka acknowledges
 * each partition in order but partitions independently, so an acknowledgement only moves the spool's "acknowledged
 * up to" position across the unbroken run of acknowledged points at the front. Any failure poisons the whole
 * generation: the shipper then discards it and sends again from that position.
 *
 * <p>Lock order: this monitor, then the spool's. Nobody holding either calls into the producer.
 */
final class InFlight {

    private final Spool spool;
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    private long bytes;
    private int generation;
    private Exception failure;
    private long[] acknowledged = new long[64];

    InFlight(Spool spool) {
        this.spool = spool;
    }

    synchronized Slot add(long index, int size) {
        Slot slot = new Slot(index, size, generation);
        slots.addLast(slot);
        bytes += size;
        return slot;
    }

    /** Records Kafka's answer for {@code slot}; true only for the first failure of its generation. */
    synchronized boolean complete(Slot slot, Exception exception) {
        if (slot.generation != generation) {
            return false;
        }
        if (exception != null) {
            boolean first = failure == null;
            if (first) {
                failure = exception;
            }
            return first;
        }
        slot.done = true;
        int count = 0;
        while (!slots.isEmpty() && slots.peekFirst().done) {
            Slot head = slots.pollFirst();
            bytes -= head.size;
            if (count == acknowledged.length) {
                acknowledged = Arrays.copyOf(acknowledged, count * 2);
            }
            acknowledged[count++] = head.index;
        }
        spool.acknowledge(acknowledged, count);
        return false;
    }

    /** A send that failed before reaching the producer's queue. */
    synchronized void fail(Exception exception) {
        if (failure == null) {
            failure = exception;
        }
    }

    synchronized Exception failure() {
        return failure;
    }

    synchronized long bytes() {
        return bytes;
    }

    /** The index of the oldest unacknowledged point in flight, or {@link Long#MAX_VALUE}. */
    synchronized long oldestIndex() {
        return slots.isEmpty() ? Long.MAX_VALUE : slots.peekFirst().index;
    }

    synchronized boolean isEmpty() {
        return slots.isEmpty();
    }

    /** Forgets the current generation; answers still on their way for it are ignored. */
    synchronized void reset() {
        slots.clear();
        bytes = 0;
        failure = null;
        generation++;
    }

    static final class Slot {
        private final long index;
        private final int size;
        private final int generation;
        private boolean done;

        private Slot(long index, int size, int generation) {
            this.index = index;
            this.size = size;
            this.generation = generation;
        }
    }
}
