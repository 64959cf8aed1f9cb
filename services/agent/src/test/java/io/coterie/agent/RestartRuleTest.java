package io.coterie.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.scheduler.RestartPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartRuleTest {

    private static final Outcome CLEAN = new Outcome(0, null, false, null);
    private static final Outcome FAILED = new Outcome(1, null, false, null);
    private static final Outcome OOM = new Outcome(137, 9, true, null);
    private static final Outcome UNKNOWN = Outcome.unknown("adopted");

    @Test
    void neverRestartsNothing() {
        assertThat(RestartRule.restarts(RestartPolicy.never(), FAILED, 0)).isFalse();
    }

    @Test
    void onFailureRestartsFailuresOOMKillsAndUnknownEndsButNotACleanExit() {
        RestartPolicy policy = RestartPolicy.onFailure(2);

        assertThat(RestartRule.restarts(policy, FAILED, 0)).isTrue();
        assertThat(RestartRule.restarts(policy, OOM, 1)).isTrue();
        assertThat(RestartRule.restarts(policy, UNKNOWN, 1)).isTrue();
        assertThat(RestartRule.restarts(policy, CLEAN, 0)).isFalse();
        assertThat(RestartRule.restarts(policy, FAILED, 2)).as("the maximum is reached").isFalse();
    }

    @Test
    void alwaysRestartsEvenACleanExitUpToTheMaximum() {
        assertThat(RestartRule.restarts(RestartPolicy.always(1), CLEAN, 0)).isTrue();
        assertThat(RestartRule.restarts(RestartPolicy.always(1), CLEAN, 1)).isFalse();
    }

    @Test
    void pausesDoubleUpToHalfAMinute() {
        assertThat(RestartRule.delayBefore(0)).isEqualTo(Duration.ofMillis(500));
        assertThat(RestartRule.delayBefore(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RestartRule.delayBefore(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(RestartRule.delayBefore(1000)).isEqualTo(Duration.ofSeconds(30));
    }
}
