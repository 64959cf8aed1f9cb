package io.coterie.identity.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LoginThrottle throttle = new LoginThrottle(now::get);

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void fiveFailuresAreFreeThenTheWaitDoublesUpToAMinute() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.wait("alice")).isEmpty();
            throttle.failed("alice");
        }
        assertThat(throttle.wait("alice")).hasValue(Duration.ofSeconds(1));
        advance(Duration.ofMillis(400));
        assertThat(throttle.wait("alice")).hasValue(Duration.ofMillis(600));
        advance(Duration.ofMillis(600));
        assertThat(throttle.wait("alice")).isEmpty();

        throttle.failed("alice");
        assertThat(throttle.wait("alice")).hasValue(Duration.ofSeconds(2));
        assertThat(LoginThrottle.delay(7)).isEqualTo(Duration.ofSeconds(4));
        assertThat(LoginThrottle.delay(11)).isEqualTo(Duration.ofMinutes(1));
        assertThat(LoginThrottle.delay(1_000)).isEqualTo(Duration.ofMinutes(1));
        assertThat(throttle.wait("bob")).as("other names are not affected").isEmpty();
    }

    @Test
    void aRightSecretOrAQuarterHourWithoutFailuresClearsTheCount() {
        for (int i = 0; i < 6; i++) {
            throttle.failed("alice");
            throttle.failed("carol");
        }
        throttle.succeeded("alice");
        assertThat(throttle.wait("alice")).isEmpty();
        assertThat(throttle.wait("carol")).isPresent();
        advance(LoginThrottle.FORGET_AFTER.plusSeconds(1));
        assertThat(throttle.wait("carol")).isEmpty();
        throttle.failed("carol");
        assertThat(throttle.wait("carol")).as("counting starts over").isEmpty();
    }
}
