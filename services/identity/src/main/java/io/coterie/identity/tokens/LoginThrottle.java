package io.coterie.identity.tokens;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;

/**
 * Slows down secret guessing, per principal name: after {@link #FREE_FAILURES} wrong secrets in a
 * row, each further attempt must wait a delay that doubles with every failure, up to {@link
 * #MAX_DELAY}. The check comes before bcrypt, so a blocked attempt costs no hashing either. A
 * right secret clears the count; so do {@link #FORGET_AFTER} without failures. Unknown names are
 * counted like known ones, so the answers still do not tell which names exist.
 */
final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final Duration MAX_DELAY = Duration.ofMinutes(1);
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    /** Names tracked at once; a flood of made-up names evicts the oldest rather than growing the heap. */
    static final int MAX_TRACKED = 100_000;

    private record Failures(int count, long lastAtNanos) {
    }

    private final Cache<String, Failures> failures;
    private final Ticker ticker;

    LoginThrottle() {
        this(Ticker.systemTicker());
    }

    LoginThrottle(Ticker ticker) {
        this.ticker = ticker;
        this.failures = Caffeine.newBuilder().maximumSize(MAX_TRACKED).expireAfterWrite(FORGET_AFTER).ticker(ticker).build();
    }

    /** How long {@code name} must still wait before its next attempt; empty when it may try now. */
    Optional<Duration> wait(String name) {
        Failures seen = failures.getIfPresent(name);
        if (seen == null || seen.count() < FREE_FAILURES) {
            return Optional.empty();
        }
        long left = seen.lastAtNanos() + delay(seen.count()).toNanos() - ticker.read();
        return left > 0 ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
    }

    void failed(String name) {
        failures.asMap().merge(name, new Failures(1, ticker.read()),
                (old, now) -> new Failures(old.count() + 1, now.lastAtNanos()));
    }

    void succeeded(String name) {
        failures.invalidate(name);
    }

    /** The wait after {@code count} failures in a row: 1 s after the fifth, doubling, at most a minute. */
    static Duration delay(int count) {
        int doublings = Math.min(count - FREE_FAILURES, 6);
        Duration delay = Duration.ofSeconds(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }
}
