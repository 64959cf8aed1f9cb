package io.coterie.agent;

import io.coterie.scheduler.RestartPolicy;
import java.time.Duration;

/**
 * The restart policy applied where the workload runs (docs/scheduling.md, "Restarts"): the
 * scheduler only replaces lost work, so whether an ended run is started again is decided here.
 */
final class RestartRule {

    private static final Duration FIRST_DELAY = Duration.ofMillis(500);
    private static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private RestartRule() {
    }

    /** Whether a run that ended as {@code outcome}, after {@code restarts} restarts so far, is started again. */
    static boolean restarts(RestartPolicy policy, Outcome outcome, int restarts) {
        if (restarts >= policy.maxRestarts()) {
            return false;
        }
        return switch (policy.mode()) {
            case NEVER -> false;
            case ON_FAILURE -> !outcome.succeeded();
            case ALWAYS -> true;
        };
    }

    /** Doubling pauses, so that a workload that dies at once does not spin the machine. */
    static Duration delayBefore(int restart) {
        Duration delay = FIRST_DELAY.multipliedBy(1L << Math.min(restart, 16));
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }
}
