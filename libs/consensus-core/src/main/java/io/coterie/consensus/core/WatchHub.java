package io.coterie.consensus.core;

import io.coterie.consensus.protocol.Event;
import io.coterie.consensus.protocol.QueryResult;
import io.coterie.consensus.protocol.WatchRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Long-poll watches: a watch with nothing to deliver yet waits here until a matching event is
 * applied or its wait time runs out. Registration and wake-up share one lock with the check of the
 * history, so an event applied between the two can never be missed.
 */
final class WatchHub {

    private static final class Waiter {
        final WatchRequest request;
        final Predicate<String> filter;
        final CompletableFuture<QueryResult> reply;

        Waiter(WatchRequest request, CompletableFuture<QueryResult> reply) {
            this.request = request;
            this.filter = KvStore.keyFilter(request);
            this.reply = reply;
        }
    }

    private final KvStore store;
    private final ScheduledExecutorService timer;
    private final Executor replies;
    private final List<Waiter> waiters = new ArrayList<>();

    WatchHub(KvStore store, ScheduledExecutorService timer, Executor replies) {
        this.store = store;
        this.timer = timer;
        this.replies = replies;
    }

    CompletableFuture<QueryResult> poll(WatchRequest request) {
        synchronized (this) {
            WatchPoll now = store.poll(request);
            if (!now.isEmpty() || request.getWaitMillis() == 0) {
                return CompletableFuture.completedFuture(now.toResult());
            }
            // Pin the start revision, so that "from the next write on" means the same when we wake.
            WatchRequest pinned = request.toBuilder().setFromRevision(now.response().getNextRevision()).build();
            CompletableFuture<QueryResult> reply = new CompletableFuture<>();
            Waiter waiter = new Waiter(pinned, reply);
            waiters.add(waiter);
            timer.schedule(() -> expire(waiter), request.getWaitMillis(), TimeUnit.MILLISECONDS);
            return reply;
        }
    }

    /** Called after each apply that produced events. */
    void onEvents(List<Event> events) {
        List<Waiter> woken = new ArrayList<>();
        synchronized (this) {
            Iterator<Waiter> it = waiters.iterator();
            while (it.hasNext()) {
                Waiter waiter = it.next();
                if (events.stream().anyMatch(e -> waiter.filter.test(e.getKv().getKey()))) {
                    it.remove();
                    woken.add(waiter);
                }
            }
        }
        for (Waiter waiter : woken) {
            replies.execute(() -> answer(waiter));
        }
    }

    /** Ends every pending watch now, for example when the store is replaced by a snapshot. */
    void wakeAll() {
        List<Waiter> all;
        synchronized (this) {
            all = new ArrayList<>(waiters);
            waiters.clear();
        }
        for (Waiter waiter : all) {
            replies.execute(() -> answer(waiter));
        }
    }

    synchronized int waiting() {
        return waiters.size();
    }

    private void expire(Waiter waiter) {
        boolean mine;
        synchronized (this) {
            mine = waiters.remove(waiter);
        }
        if (mine) {
            answer(waiter);
        }
    }

    private void answer(Waiter waiter) {
        try {
            waiter.reply.complete(store.poll(waiter.request).toResult());
        } catch (RuntimeException e) {
            waiter.reply.completeExceptionally(e);
        }
    }
}
