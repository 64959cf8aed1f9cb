package io.coterie.naming;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.StoreCalls;
import io.coterie.consensus.client.ConsensusException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one instance of a service registered as the ephemeral entry
 * {@code /sys/services/SERVICE/INSTANCE}: bound under a store lease that this registrar renews.
 * When the process dies the renewals stop and the leader deletes the entry one TTL after the last
 * renewal. A lost lease (a pause longer than the TTL, say) is noticed at the next renewal and the
 * entry registered again. {@link #close()} unregisters at once.
 */
public final class ServiceRegistrar implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceRegistrar.class);
    public static final NamePath SERVICES = NamePath.of("/sys/services");
    private static final Duration UNREGISTER_TIMEOUT = Duration.ofSeconds(2);

    private final ConsensusClient store;
    private final NamePath name;
    private final byte[] value;
    private final Duration ttl;
    private final Duration renewEvery;
    private final Duration callTimeout;
    private final ScheduledExecutorService timer;
    private final AtomicLong registrations = new AtomicLong();

    /** Guarded by {@code this}: the lease the entry is bound under (0: none), and whether the entry is written. */
    private long lease;
    private boolean bound;
    private boolean closed;

    private ServiceRegistrar(Builder b) {
        this.store = b.store;
        this.name = SERVICES.child(b.service).child(b.instance);
        this.value = EntryCodec.encode(ServiceEntry.of(new Instance(b.instance, b.address, b.port, b.metadata, Health.PASSING)));
        this.ttl = b.ttl;
        this.renewEvery = b.renewEvery;
        // A renewal that takes longer than the TTL is pointless; the next tick tries again.
        this.callTimeout = b.ttl;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "registrar-" + b.service + "-" + b.instance);
            thread.setDaemon(true);
            return thread;
        });
    }

    public static Builder builder(ConsensusClient store, String service, String instance) {
        return new Builder(store, service, instance);
    }

    public static final class Builder {
        private final ConsensusClient store;
        private final String service;
        private final String instance;
        private String address = "127.0.0.1";
        private int port;
        private Map<String, String> metadata = Map.of();
        private Duration ttl = Duration.ofSeconds(10);
        private Duration renewEvery = Duration.ofSeconds(3);

        private Builder(ConsensusClient store, String service, String instance) {
            this.store = store;
            this.service = service;
            this.instance = instance;
        }

        public Builder address(String address) {
            this.address = address;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder metadata(Map<String, String> metadata) {
            this.metadata = Map.copyOf(metadata);
            return this;
        }

        /** How long the entry outlives the last renewal (10 s by default; whole seconds, at least 1). */
        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /** How often the lease is renewed (3 s by default); well under the TTL, so one late renewal costs nothing. */
        public Builder renewEvery(Duration renewEvery) {
            this.renewEvery = renewEvery;
            return this;
        }

        /** Checks the settings; {@link ServiceRegistrar#start()} then registers. */
        public ServiceRegistrar build() {
            if (store == null) {
                throw new IllegalArgumentException("a registrar needs a store client");
            }
            if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException("ttl must be a whole number of seconds, at least 1 (a store lease's TTL)");
            }
            if (renewEvery.isNegative() || renewEvery.isZero() || renewEvery.compareTo(ttl) >= 0) {
                throw new IllegalArgumentException("renewEvery must be positive and shorter than the ttl");
            }
            return new ServiceRegistrar(this);
        }
    }

    /** Registers now (or, if the store cannot be reached, at the next renewal) and renews from then on. */
    public ServiceRegistrar start() {
        timer.execute(this::renew);
        timer.scheduleWithFixedDelay(this::renew, renewEvery.toMillis(), renewEvery.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public NamePath name() {
        return name;
    }

    /** The lease the entry is bound under, or 0 while it is not registered. */
    public synchronized long lease() {
        return bound ? lease : 0;
    }

    /** Waits until the entry is registered; false if it was not within {@code timeout}. */
    public synchronized boolean awaitRegistered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!bound) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** How many times the entry was written: 1, plus one for each lost lease. */
    public long registrations() {
        return registrations.get();
    }

    private synchronized void renew() {
        if (closed) {
            return;
        }
        try {
            if (lease != 0 && bound) {
                call(store.keepAlive(lease));
                return;
            }
            if (lease == 0) {
                lease = call(store.grantLease(ttl)).id();
            }
            call(store.put(name.storeKey(), value, lease));
            bound = true;
            registrations.incrementAndGet();
            notifyAll();
            LOG.info("Registered {} under lease {}", name, lease);
        } catch (ConsensusException.LeaseNotFound e) {
            LOG.warn("The lease of {} was lost (no renewal for {} s); registering again", name, ttl.toSeconds());
            lease = 0;
            bound = false;
            renew();
        } catch (RuntimeException e) {
            LOG.warn("Could not renew the registration of {} (will retry in {} ms): {}", name, renewEvery.toMillis(),
                    e.getMessage());
        }
    }

    /** Unregisters: revokes the lease, which deletes the entry at once. */
    @Override
    public void close() {
        timer.shutdownNow();
        synchronized (this) {
            closed = true;
            if (lease != 0) {
                try {
                    // Bounded tighter than a renewal: a process stopping with the store already
                    // gone (the last peers of a cluster shutting down) should not wait a whole TTL
                    // for what the TTL does by itself.
                    call(store.revokeLease(lease), UNREGISTER_TIMEOUT);
                    LOG.info("Unregistered {}", name);
                } catch (RuntimeException e) {
                    LOG.warn("Could not revoke the lease of {}; the entry goes when its TTL runs out: {}", name, e.getMessage());
                }
                lease = 0;
                bound = false;
            }
        }
        try {
            timer.awaitTermination(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> T call(CompletableFuture<T> future) {
        return call(future, callTimeout);
    }

    private static <T> T call(CompletableFuture<T> future, Duration timeout) {
        return StoreCalls.await(future, timeout);
    }
}
