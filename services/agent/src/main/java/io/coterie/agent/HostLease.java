package io.coterie.agent;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.ConsensusException;
import io.coterie.consensus.client.StoreCalls;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the host key ({@code sys/sched/hosts/HOST}) in the store under a lease this agent renews,
 * the way {@code ServiceRegistrar} keeps a service entry: the key vanishes one TTL after the agent's
 * last renewal, which is how the scheduler sees the host go down. A lost lease is replaced at the
 * next renewal.
 *
 * <p>Self-fencing: when no renewal has been confirmed for a whole TTL, the scheduler may already
 * have given this host's work to others, so the listener is told to stop it. Time is counted from
 * when the last confirmed renewal was <em>sent</em>, which is never later than when the store
 * started the lease's new TTL; so the agent fences no later than the store expires the lease. A
 * watchdog thread does the counting, so a renewal stuck on an unreachable store cannot delay it.
 */
final class HostLease implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HostLease.class);
    private static final Duration REVOKE_TIMEOUT = Duration.ofSeconds(2);

    /** Called on the lease's own threads. */
    interface Listener {

        /** The host key is in the store under a live lease (after the first registration and after each re-registration). */
        void leaseHeld();

        /** No renewal was confirmed for a whole TTL: stop the host's work. */
        void leaseLost(String why);
    }

    private final ConsensusClient store;
    private final String key;
    private final Supplier<byte[]> value;
    private final Duration ttl;
    private final Duration renewEvery;
    private volatile Listener listener;
    private final ScheduledExecutorService renewer = daemon("host-lease-renewer");
    private final ScheduledExecutorService watchdog = daemon("host-lease-watchdog");

    /** Written by the renewer thread only (and by close, after the renewer has stopped). */
    private volatile long lease;
    private volatile boolean bound;
    /**
     * System.nanoTime() at which the last confirmed renewal was sent; at first the agent's start, since
     * a restarted agent that cannot register within a TTL must assume its host was given up too.
     */
    private volatile long confirmedAt;
    private final AtomicBoolean fenced = new AtomicBoolean();
    private volatile boolean closed;

    /** @param value the key's value, asked for at each registration (the agent's port is known only once it listens) */
    HostLease(ConsensusClient store, String key, Supplier<byte[]> value, Duration ttl, Duration renewEvery) {
        this.store = store;
        this.key = key;
        this.value = value;
        this.ttl = ttl;
        this.renewEvery = renewEvery;
    }

    HostLease start(Listener listener) {
        this.listener = listener;
        confirmedAt = System.nanoTime();
        renewer.execute(this::renew);
        renewer.scheduleWithFixedDelay(this::renew, renewEvery.toMillis(), renewEvery.toMillis(), TimeUnit.MILLISECONDS);
        long check = Math.max(50, ttl.toMillis() / 20);
        watchdog.scheduleWithFixedDelay(this::checkFence, check, check, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Whether the host key stands under a lease renewed within the TTL: only then may new work start. */
    boolean held() {
        return bound && !fenced.get() && System.nanoTime() - confirmedAt < ttl.toNanos();
    }

    /** The lease the key is under, or 0. */
    long lease() {
        return bound ? lease : 0;
    }

    private void renew() {
        if (closed) {
            return;
        }
        long sentAt = System.nanoTime();
        try {
            if (lease != 0 && bound) {
                call(store.keepAlive(lease));
                confirmedAt = sentAt;
                if (fenced.compareAndSet(true, false)) {
                    // The store kept the lease after all (it was slow, not gone): the host's work may run again.
                    log.warn("The lease of host key {} was renewed after the agent fenced itself; resuming", key);
                    listener.leaseHeld();
                }
                return;
            }
            if (lease == 0) {
                lease = call(store.grantLease(ttl)).id();
            }
            call(store.put(key, value.get(), lease));
            bound = true;
            confirmedAt = sentAt;
            fenced.set(false);
            log.info("Registered host key {} under lease {} (TTL {} ms)", key, lease, ttl.toMillis());
            listener.leaseHeld();
        } catch (ConsensusException.LeaseNotFound e) {
            log.warn("The lease of host key {} is gone (expired after {} ms without renewal, or revoked); registering again",
                    key, ttl.toMillis());
            lease = 0;
            bound = false;
            // The store dropped the lease: the host is already down in the scheduler's eyes.
            fence("the store no longer has the host's lease");
            try {
                renewer.execute(this::renew);
            } catch (RejectedExecutionException closing) {
                log.debug("not registering host key {} again: the agent is stopping", key);
            }
        } catch (RuntimeException e) {
            log.warn("Could not renew the lease of host key {} (retrying in {} ms): {}", key, renewEvery.toMillis(),
                    e.getMessage());
        }
    }

    private void checkFence() {
        long last = confirmedAt;
        if (closed || fenced.get()) {
            return;
        }
        long silentNanos = System.nanoTime() - last;
        if (silentNanos >= ttl.toNanos()) {
            fence("no lease renewal was confirmed for " + TimeUnit.NANOSECONDS.toMillis(silentNanos) + " ms (TTL "
                    + ttl.toMillis() + " ms)");
        }
    }

    private void fence(String why) {
        if (closed || !fenced.compareAndSet(false, true)) {
            return;
        }
        log.error("SELF-FENCING host key {}: {}; the scheduler replaces this host's work elsewhere, so it is stopped here",
                key, why);
        listener.leaseLost(why);
    }

    /** Revokes the lease, which deletes the host key at once: the scheduler need not wait a TTL to notice. */
    @Override
    public void close() {
        closed = true;
        renewer.shutdownNow();
        watchdog.shutdownNow();
        try {
            renewer.awaitTermination(renewEvery.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long held = lease;
        if (held != 0) {
            try {
                call(store.revokeLease(held), REVOKE_TIMEOUT);
                log.info("Revoked the lease of host key {}", key);
            } catch (RuntimeException e) {
                log.warn("Could not revoke the lease of host key {}; it goes when its TTL runs out: {}", key, e.getMessage());
            }
            lease = 0;
            bound = false;
        }
    }

    private <T> T call(CompletableFuture<T> future) {
        // Never longer than a renewal period: the next tick tries again anyway.
        return call(future, renewEvery);
    }

    private static <T> T call(CompletableFuture<T> future, Duration timeout) {
        return StoreCalls.await(future, timeout);
    }

    private static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }
}
