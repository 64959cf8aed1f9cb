package io.coterie.consensus.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Group commit for independent callers of one client: while {@code maxInFlight} batches are
 * being replicated, new requests wait, and the next batch carries all of them. Under load the
 * log gets one entry per round instead of one per request, which is where the throughput comes
 * from; fsync stays on. A lone caller waits for nobody.
 */
final class Batcher<Q, R> {

    private final class Pending {
        final Q request;
        final CompletableFuture<R> result = new CompletableFuture<>();

        Pending(Q request) {
            this.request = request;
        }
    }

    private final Function<List<Q>, CompletableFuture<List<R>>> sender;
    private final ToIntFunction<Q> size;
    private final int maxInFlight;
    private final int maxItems;
    private final int maxBytes;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int inFlight;

    /**
     * @param sender sends a batch and answers one result per request, in order (or fails as a whole)
     */
    Batcher(Function<List<Q>, CompletableFuture<List<R>>> sender, ToIntFunction<Q> size,
            int maxInFlight, int maxItems, int maxBytes) {
        this.sender = sender;
        this.size = size;
        this.maxInFlight = maxInFlight;
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
    }

    CompletableFuture<R> submit(Q request) {
        Pending pending = new Pending(request);
        List<Pending> batch = null;
        synchronized (this) {
            queue.add(pending);
            if (inFlight < maxInFlight) {
                batch = take();
            }
        }
        if (batch != null) {
            send(batch);
        }
        return pending.result;
    }

    /** Takes the next batch from the queue, skipping callers that gave up meanwhile. Under the lock. */
    private List<Pending> take() {
        List<Pending> batch = new ArrayList<>();
        int bytes = 0;
        while (!queue.isEmpty() && batch.size() < maxItems) {
            Pending next = queue.peek();
            if (next.result.isDone()) {
                queue.poll();
                continue;
            }
            int nextBytes = size.applyAsInt(next.request);
            if (!batch.isEmpty() && bytes + nextBytes > maxBytes) {
                break;
            }
            batch.add(queue.poll());
            bytes += nextBytes;
        }
        if (batch.isEmpty()) {
            return null;
        }
        inFlight++;
        return batch;
    }

    private void send(List<Pending> batch) {
        CompletableFuture<List<R>> sent;
        try {
            sent = sender.apply(batch.stream().map(p -> p.request).toList());
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((results, failure) -> {
            for (int i = 0; i < batch.size(); i++) {
                if (failure != null) {
                    batch.get(i).result.completeExceptionally(failure);
                } else {
                    batch.get(i).result.complete(results.get(i));
                }
            }
            List<Pending> next;
            synchronized (this) {
                inFlight--;
                next = take();
            }
            if (next != null) {
                send(next);
            }
        });
    }
}
