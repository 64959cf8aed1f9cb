package io.coterie.gateway.edge;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The rate limit of the public API, one token bucket per principal (the token's subject; anonymous
 * callers by {@link #anonymous client address}), in this gateway instance's memory: with N
 * gateways a principal may reach N times the rate. Shared by every front end (HTTP routes,
 * {@code /v1/rpc}, gRPC), so a principal has one budget whichever way it calls.
 */
public final class PrincipalRateLimits {

    /** Beyond this many buckets, full ones (callers quiet for a while) are dropped, at most once a second. */
    private static final int SWEEP_ABOVE = 10_000;
    private static final long SWEEP_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    private final double perSecond;
    private final int burst;
    private final LongSupplier clock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong();

    public PrincipalRateLimits(double perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    PrincipalRateLimits(double perSecond, int burst, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = nanoClock;
        this.lastSweep.set(nanoClock.getAsLong());
    }

    /**
     * Takes one request from {@code principal}'s budget.
     *
     * @return empty when the request may go ahead; otherwise how long until it would be allowed
     *         (answer 429 {@code rate-limited} with that as {@code Retry-After})
     */
    public Optional<Duration> tryAcquire(String principal) {
        long now = clock.getAsLong();
        Optional<Duration> wait = buckets.computeIfAbsent(principal, key -> new TokenBucket(perSecond, burst, now)).take(now);
        if (buckets.size() > SWEEP_ABOVE) {
            sweep(now);
        }
        return wait;
    }

    /** The key of a caller without a token: its address (principal names cannot contain ':'). */
    public static String anonymous(InetSocketAddress client) {
        return client == null || client.getAddress() == null ? "ip:unknown" : "ip:" + client.getAddress().getHostAddress();
    }

    /** Whole seconds for {@code Retry-After}: rounded up, at least 1. */
    public static long retryAfterSeconds(Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    int size() {
        return buckets.size();
    }

    private void sweep(long now) {
        long last = lastSweep.get();
        if (now - last >= SWEEP_EVERY_NANOS && lastSweep.compareAndSet(last, now)) {
            buckets.entrySet().removeIf(entry -> entry.getValue().isFull(now));
        }
    }

    @Override
    public String toString() {
        return perSecond + "/s, burst " + burst;
    }
}
