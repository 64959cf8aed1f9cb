package io.coterie.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token buckets on a clock the test moves. */
class PrincipalRateLimitsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final PrincipalRateLimits limits = new PrincipalRateLimits(2, 4, now::get);

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void aBurstPassesThenTheRateHoldsWithTheWaitUntilTheNextToken() {
        for (int i = 0; i < 4; i++) {
            assertThat(limits.tryAcquire("alice")).as("request %d of the burst", i).isEmpty();
        }
        assertThat(limits.tryAcquire("alice")).hasValue(Duration.ofMillis(500));
        advance(Duration.ofMillis(200));
        assertThat(limits.tryAcquire("alice")).hasValue(Duration.ofMillis(300));
        advance(Duration.ofMillis(300));
        assertThat(limits.tryAcquire("alice")).as("one token refilled").isEmpty();
        assertThat(limits.tryAcquire("alice")).isPresent();
        assertThat(limits.tryAcquire("bob")).as("another principal has its own bucket").isEmpty();
    }

    @Test
    void aQuietSpellRefillsNoMoreThanTheBurst() {
        for (int i = 0; i < 4; i++) {
            limits.tryAcquire("alice");
        }
        advance(Duration.ofHours(1));
        int allowed = 0;
        while (limits.tryAcquire("alice").isEmpty()) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(4);
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(PrincipalRateLimits.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(PrincipalRateLimits.retryAfterSeconds(Duration.ofMillis(1000))).isEqualTo(1);
        assertThat(PrincipalRateLimits.retryAfterSeconds(Duration.ofMillis(1001))).isEqualTo(2);
        assertThat(PrincipalRateLimits.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
    }

    @Test
    void idleFullBucketsAreForgottenOnceThereAreMany() {
        for (int i = 0; i < 10_001; i++) {
            limits.tryAcquire("p" + i);
        }
        advance(Duration.ofSeconds(3));
        Optional<Duration> wait = limits.tryAcquire("one-more");
        assertThat(wait).isEmpty();
        assertThat(limits.size()).as("the quiet ones went; the last caller stays").isLessThan(10);
    }

    @Test
    void anonymousCallersAreKeyedByAddress() {
        assertThat(PrincipalRateLimits.anonymous(new InetSocketAddress("10.1.2.3", 5555))).isEqualTo("ip:10.1.2.3");
        assertThat(PrincipalRateLimits.anonymous(null)).isEqualTo("ip:unknown");
    }
}
