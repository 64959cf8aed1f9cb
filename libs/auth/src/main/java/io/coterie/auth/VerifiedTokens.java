package io.coterie.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Tokens whose signature has been verified, so that a client presenting the same token again
 * does not pay for another ES256 verification (about 1-2 ms of CPU here, more than the work of
 * a cached name resolve). Only the exact token text hits: a token differing by one byte is a
 * different key. An entry lives until the token expires, and no longer than {@link #MAX_AGE}, so
 * a cached verification never outlives its token; callers still check the claims (expiry,
 * issuer) on every use, which costs nothing next to a signature.
 *
 * @param <T> the decoded token
 */
public final class VerifiedTokens<T> {

    /** The longest a verification is trusted without repeating it. */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);
    public static final int MAX_ENTRIES = 10_000;

    private final Cache<String, Entry<T>> cache;

    private record Entry<T>(T token, Instant expiresAt) {
    }

    public VerifiedTokens() {
        this(Ticker.systemTicker(), Instant::now);
    }

    VerifiedTokens(Ticker ticker, Supplier<Instant> clock) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .ticker(ticker)
                .expireAfter(Expiry.<String, Entry<T>>creating((token, entry) -> {
                    Duration left = Duration.between(clock.get(), entry.expiresAt());
                    return left.compareTo(MAX_AGE) > 0 ? MAX_AGE : left.isNegative() ? Duration.ZERO : left;
                }))
                .build();
    }

    /**
     * The verified token for {@code text}: from the cache, or by {@code verify} (which throws
     * when the token does not verify; nothing is cached then).
     */
    public T get(String text, Function<String, T> verify, Function<T, Instant> expiresAt) {
        Entry<T> hit = cache.getIfPresent(text);
        if (hit != null) {
            return hit.token();
        }
        T verified = verify.apply(text);
        Instant expiry = expiresAt.apply(verified);
        if (expiry != null) {
            cache.put(text, new Entry<>(verified, expiry));
        }
        return verified;
    }

    /** The token if it was verified and is still cached, else null (for callers that verify asynchronously). */
    public T cached(String text) {
        Entry<T> hit = cache.getIfPresent(text);
        return hit == null ? null : hit.token();
    }

    public void remember(String text, T verified, Instant expiresAt) {
        if (expiresAt != null) {
            cache.put(text, new Entry<>(verified, expiresAt));
        }
    }
}
