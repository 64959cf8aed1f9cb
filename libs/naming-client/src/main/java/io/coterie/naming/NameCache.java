package io.coterie.naming;

import io.coterie.api.kv.KvLimits;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.ConsensusException;
import io.coterie.consensus.client.Consistency;
import io.coterie.consensus.client.KeyValue;
import io.coterie.consensus.client.RangePage;
import io.coterie.consensus.client.WatchBatch;
import io.coterie.consensus.client.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory mirror of the namespace, or of the part of it under one prefix (the gateway
 * follows {@code /sys/services/} only): loaded with a
 * linearizable listing, then kept current by a long-polling watch from the listing's revision.
 * One thread follows the store; any number read.
 *
 * <p><b>Staleness.</b> Each poll is a linearizable read, so when it answers "nothing more before
 * revision N", the mirror was current at least as of the moment the poll was sent. {@link
 * #stalenessMillis()} is the time since the send of the last poll that answered: it stays below
 * about two poll waits while the store answers, and grows without bound when it does not.
 */
public final class NameCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NameCache.class);
    private static final Duration CALL_BOUND = Duration.ofSeconds(30);

    private final ConsensusClient store;
    private final String storePrefix;
    private final Duration pollWait;
    private final Thread follower;
    private final PollGate gate;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Object progress = new Object();
    private final AtomicLong loads = new AtomicLong();
    /** Guarded by {@code progress}. */
    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>(Comparator.comparingLong(Waiter::revision));

    private volatile Map<String, Binding> entries = Map.of();
    private volatile boolean loaded;
    private volatile long revision;
    private volatile long confirmedAtNanos;

    /** Lets a test hold the follower back before a poll, so that the store's history can move past it. */
    @FunctionalInterface
    interface PollGate {
        PollGate OPEN = from -> { };

        void beforePoll(long fromRevision) throws InterruptedException;
    }

    private NameCache(ConsensusClient store, NamePrefix scope, Duration pollWait, PollGate gate) {
        this.store = store;
        this.storePrefix = scope.storeKeyPrefix();
        this.pollWait = pollWait;
        this.gate = gate;
        this.follower = new Thread(this::follow, "name-cache");
        this.follower.setDaemon(true);
    }

    /**
     * Starts loading in the background and returns at once; see {@link #awaitLoaded}.
     *
     * @param pollWait how long one poll waits on the store for a change (the store caps it at one
     *                 second); staleness stays below about twice this while the store answers
     */
    public static NameCache start(ConsensusClient store, Duration pollWait) {
        return start(store, NamePrefix.of("/"), pollWait);
    }

    /** As {@link #start(ConsensusClient, Duration)}, mirroring only the names under {@code scope}. */
    public static NameCache start(ConsensusClient store, NamePrefix scope, Duration pollWait) {
        return start(store, scope, pollWait, PollGate.OPEN);
    }

    static NameCache start(ConsensusClient store, Duration pollWait, PollGate gate) {
        return start(store, NamePrefix.of("/"), pollWait, gate);
    }

    private static NameCache start(ConsensusClient store, NamePrefix scope, Duration pollWait, PollGate gate) {
        NameCache cache = new NameCache(store, scope, pollWait, gate);
        cache.follower.start();
        return cache;
    }

    /** The entry bound to exactly this name (links are not followed), or empty. */
    public Optional<Binding> resolve(NamePath name) {
        return Optional.ofNullable(entries.get(name.storeKey()));
    }

    /** The entries bound under {@code prefix} (links are not followed), in name order. */
    public List<Binding> under(NamePrefix prefix) {
        return entries.values().stream().filter(binding -> prefix.covers(binding.path()))
                .sorted(Comparator.comparing(binding -> binding.path().toString())).toList();
    }

    public boolean isLoaded() {
        return loaded;
    }

    /** At most how old the mirror is, in milliseconds; {@link Long#MAX_VALUE} before the first load. */
    public long stalenessMillis() {
        if (!loaded) {
            return Long.MAX_VALUE;
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - confirmedAtNanos);
    }

    /** Every change up to this store revision is in the mirror. */
    public long revision() {
        return revision;
    }

    public int size() {
        return entries.size();
    }

    /** How many times the mirror was loaded from a listing: once, plus once per compacted watch. */
    public long loads() {
        return loads.get();
    }

    /** Completes once the mirror holds every change up to {@code revision} (or the cache is closed). */
    public CompletableFuture<Void> whenRevision(long revision) {
        synchronized (progress) {
            if ((loaded && this.revision >= revision) || closed()) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> reached = new CompletableFuture<>();
            waiters.add(new Waiter(revision, reached));
            return reached;
        }
    }

    /** Waits until the mirror holds every change up to {@code revision}; false if it did not in time. */
    public boolean awaitRevision(long revision, Duration timeout) throws InterruptedException {
        try {
            whenRevision(revision).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return this.revision >= revision;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        return await(() -> loaded, timeout);
    }

    private boolean await(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    @Override
    public void close() {
        closing.countDown();
        follower.interrupt();
        try {
            follower.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Waiter> waiting;
        synchronized (progress) {
            waiting = new ArrayList<>(waiters);
            waiters.clear();
        }
        waiting.forEach(w -> w.reached().complete(null));
    }

    private boolean closed() {
        return closing.getCount() == 0;
    }

    // ---------------------------------------------------------------- the follower thread

    private void follow() {
        int failures = 0;
        while (!closed()) {
            try {
                Mirror mirror = load();
                failures = 0;
                track(mirror);
            } catch (ConsensusException.Compacted e) {
                LOG.info("The name cache fell behind the store's history ({}); reloading", e.getMessage());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closed()) {
                    return;
                }
                failures++;
                LOG.warn("Loading the name cache failed (attempt {}): {}", failures, e.getMessage());
                if (pause(failures)) {
                    return;
                }
            }
        }
    }

    /**
     * Lists every name, page by page. Pages reflect increasing revisions, so the map is only a
     * consistent picture once the watch has replayed every change up to the last page's revision.
     */
    private Mirror load() throws InterruptedException {
        Map<String, Binding> map = new ConcurrentHashMap<>();
        String after = "";
        long firstRevision = -1;
        RangePage page;
        long sentAt;
        do {
            sentAt = System.nanoTime();
            page = call(store.list(storePrefix, after, KvLimits.MAX_PAGE_SIZE, false, Consistency.LINEARIZABLE));
            if (firstRevision < 0) {
                firstRevision = page.revision();
            }
            for (KeyValue kv : page.kvs()) {
                Binding.readable(kv).ifPresent(binding -> map.put(kv.key(), binding));
            }
            after = page.lastKey();
        } while (page.more());
        loads.incrementAndGet();
        Mirror mirror = new Mirror(map, firstRevision + 1, page.revision());
        if (mirror.isConsistent()) {
            publish(mirror, sentAt);
        }
        return mirror;
    }

    /** Polls for changes until closed; a compacted history ends it with {@link ConsensusException.Compacted}. */
    private void track(Mirror mirror) throws InterruptedException {
        int failures = 0;
        while (!closed()) {
            gate.beforePoll(mirror.next);
            long sentAt = System.nanoTime();
            WatchBatch batch;
            try {
                batch = call(store.poll(storePrefix, true, mirror.next, pollWait));
                failures = 0;
            } catch (ConsensusException.Compacted e) {
                throw e;
            } catch (RuntimeException e) {
                failures++;
                if (failures == 5) {
                    LOG.warn("The name cache cannot reach the store (polls from revision {} keep failing): {}", mirror.next,
                            e.getMessage());
                } else {
                    LOG.debug("Name cache poll from revision {} failed (attempt {}): {}", mirror.next, failures, e.getMessage());
                }
                if (pause(failures)) {
                    return;
                }
                continue;
            }
            for (WatchEvent event : batch.events()) {
                mirror.apply(event);
            }
            mirror.next = batch.nextRevision();
            if (mirror.isConsistent()) {
                publish(mirror, sentAt);
            }
        }
    }

    private void publish(Mirror mirror, long confirmedAt) {
        List<Waiter> done = new ArrayList<>();
        synchronized (progress) {
            entries = mirror.map;
            revision = mirror.next - 1;
            confirmedAtNanos = confirmedAt;
            loaded = true;
            while (!waiters.isEmpty() && waiters.peek().revision() <= revision) {
                done.add(waiters.poll());
            }
            progress.notifyAll();
        }
        // Outside the lock: whatever the waiters do next must not hold up the follower's bookkeeping.
        done.forEach(w -> w.reached().complete(null));
    }

    private record Waiter(long revision, CompletableFuture<Void> reached) {
    }

    /** Waits before retrying (100 ms doubling to 2 s); true when the cache was closed meanwhile. */
    private boolean pause(int failures) {
        try {
            return closing.await(Math.min(2000, 100L << Math.min(failures, 5)), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return true;
        }
    }

    private <T> T call(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get(CALL_BOUND.toMillis() + pollWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the store did not answer within " + CALL_BOUND.toSeconds() + " s", e);
        }
    }

    /** A map being built or kept current, and how far the watch has replayed into it. */
    private static final class Mirror {
        final Map<String, Binding> map;
        final long consistentThrough;
        long next;

        Mirror(Map<String, Binding> map, long next, long consistentThrough) {
            this.map = map;
            this.next = next;
            this.consistentThrough = consistentThrough;
        }

        boolean isConsistent() {
            return next > consistentThrough;
        }

        /**
         * Replay may bring changes older than what a later page already showed; a change never
         * replaces a newer one. Applied in order, the map is exact once replay passes the last page.
         */
        void apply(WatchEvent event) {
            String key = event.kv().key();
            Binding current = map.get(key);
            if (current != null && current.revision() > event.revision()) {
                return;
            }
            Optional<Binding> binding = event.type() == WatchEvent.Type.PUT ? Binding.readable(event.kv()) : Optional.empty();
            if (binding.isPresent()) {
                map.put(key, binding.get());
            } else {
                map.remove(key);
            }
        }
    }
}
