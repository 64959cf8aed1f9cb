package io.coterie.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private final AtomicLong nanos = new AtomicLong();
    private final Instant start = Instant.parse("2026-01-01T00:00:00Z");
    private final VerifiedTokens<String> tokens = new VerifiedTokens<>(nanos::get, () -> start.plusNanos(nanos.get()));
    private final AtomicInteger verifications = new AtomicInteger();

    private Function<String, String> verifier() {
        return text -> {
            verifications.incrementAndGet();
            if (text.startsWith("forged")) {
                throw new IllegalArgumentException("bad signature");
            }
            return "decoded " + text;
        };
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Test
    void theSameTokenIsVerifiedOnceUntilItExpires() {
        Function<String, Instant> expiresIn90s = t -> start.plusSeconds(90);
        assertThat(tokens.get("t1", verifier(), expiresIn90s)).isEqualTo("decoded t1");
        assertThat(tokens.get("t1", verifier(), expiresIn90s)).isEqualTo("decoded t1");
        assertThat(verifications).hasValue(1);

        advance(Duration.ofSeconds(91));
        tokens.get("t1", verifier(), expiresIn90s);
        assertThat(verifications).as("verified again once it expired").hasValue(2);
    }

    @Test
    void aLongLivedTokenIsVerifiedAgainAfterTheMaximumAge() {
        Function<String, Instant> expiresInADay = t -> start.plus(Duration.ofDays(1));
        tokens.get("t1", verifier(), expiresInADay);
        advance(VerifiedTokens.MAX_AGE.minusSeconds(1));
        tokens.get("t1", verifier(), expiresInADay);
        assertThat(verifications).hasValue(1);
        advance(Duration.ofSeconds(2));
        tokens.get("t1", verifier(), expiresInADay);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aTokenThatFailsIsNeverRemembered() {
        Function<String, Instant> expiry = t -> start.plusSeconds(90);
        assertThatThrownBy(() -> tokens.get("forged", verifier(), expiry)).hasMessage("bad signature");
        assertThatThrownBy(() -> tokens.get("forged", verifier(), expiry)).hasMessage("bad signature");
        assertThat(verifications).hasValue(2);
        assertThat(tokens.cached("forged")).isNull();
    }

    @Test
    void aTokenWithoutExpiryOrAlreadyExpiredIsNotKept() {
        tokens.get("no-exp", verifier(), t -> null);
        tokens.get("no-exp", verifier(), t -> null);
        tokens.remember("old", "decoded old", start.minusSeconds(1));
        assertThat(verifications).hasValue(2);
        assertThat(tokens.cached("old")).isNull();
    }
}
