package io.coterie.testsupport.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Collects the history of concurrent test clients for {@link LinearizabilityChecker}. Timestamps are taken
 * before the lock is acquired, and only ever make an operation's interval wider than the truth (call earlier,
 * return later), so contention here can cause missed violations but never false alarms.
 *
 * <p>Call {@link #invoke} right before sending a request and exactly one of {@link #ok}, {@link #fail} or
 * {@link #unknown} right after learning its fate. Operations still in flight when {@link #history()} is taken
 * count as having an unknown outcome, which is what they are.
 */
public final class HistoryRecorder<I, O> {

    private record Call<I>(int clientId, I input, long callNanos) {}

    private final Object lock = new Object();
    private final Map<Long, Call<I>> inFlight = new HashMap<>();
    private final List<Operation<I, O>> finished = new ArrayList<>();
    private long nextId;

    /** Records that {@code clientId} is about to send {@code input}; returns the id to complete it with. */
    public long invoke(int clientId, I input) {
        Objects.requireNonNull(input, "input");
        long now = System.nanoTime();
        synchronized (lock) {
            long id = nextId++;
            inFlight.put(id, new Call<>(clientId, input, now));
            return id;
        }
    }

    /** The operation completed with {@code output}. */
    public void ok(long id, O output) {
        long now = System.nanoTime();
        synchronized (lock) {
            Call<I> call = take(id);
            finished.add(Operation.completed(call.clientId(), call.input(), output, call.callNanos(), now));
        }
    }

    /** The operation certainly did not take effect (e.g. rejected before being replicated); it is dropped. */
    public void fail(long id) {
        synchronized (lock) {
            take(id);
        }
    }

    /** The operation may or may not have taken effect (e.g. timed out). */
    public void unknown(long id) {
        synchronized (lock) {
            Call<I> call = take(id);
            finished.add(Operation.unknown(call.clientId(), call.input(), call.callNanos()));
        }
    }

    /** A snapshot of everything recorded so far, in order of invocation. */
    public List<Operation<I, O>> history() {
        List<Operation<I, O>> all;
        synchronized (lock) {
            all = new ArrayList<>(finished);
            for (Call<I> call : inFlight.values()) {
                all.add(Operation.unknown(call.clientId(), call.input(), call.callNanos()));
            }
        }
        all.sort(Comparator.comparingLong(Operation::callNanos));
        return List.copyOf(all);
    }

    private Call<I> take(long id) {
        Call<I> call = inFlight.remove(id);
        if (call == null) {
            throw new IllegalStateException("operation " + id + " was never invoked or has already been completed");
        }
        return call;
    }
}
