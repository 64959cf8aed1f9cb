package io.coterie.gateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.coterie.api.ProblemType;
import io.coterie.naming.NamePath;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NameGuardsTest {

    private static final NamePath ROBOT = NamePath.of("/robots/r1");
    private static final NamePath OTHER = NamePath.of("/robots/r2");

    private static NameGuards guards(int window, int concurrent, Duration openWait) {
        return new NameGuards(new RpcSettings(Duration.ofHours(24), 50, window, window, openWait, concurrent,
                Duration.ofSeconds(2), Duration.ofSeconds(60)));
    }

    private static ProblemType refusal(NameGuards guards, NamePath name) {
        try {
            guards.enter(name).unused();
            return null;
        } catch (RefusedException e) {
            return e.refusal().type();
        }
    }

    @Test
    void theBulkheadLimitsCallsInFlightPerName() throws RefusedException {
        NameGuards guards = guards(10, 2, Duration.ofSeconds(5));
        NameGuards.Permit first = guards.enter(ROBOT);
        NameGuards.Permit second = guards.enter(ROBOT);
        assertThat(refusal(guards, ROBOT)).isEqualTo(ProblemType.UNAVAILABLE);
        assertThat(refusal(guards, OTHER)).as("another name has its own").isNull();
        first.succeeded();
        first.finished();
        assertThat(refusal(guards, ROBOT)).isNull();
        second.unused();
    }

    @Test
    void failuresOpenTheCircuitAndATrialCallClosesIt() throws RefusedException {
        NameGuards guards = guards(4, 10, Duration.ofMillis(300));
        for (int i = 0; i < 4; i++) {
            NameGuards.Permit permit = guards.enter(ROBOT);
            permit.failed(new IllegalStateException("500"));
            permit.finished();
        }
        assertThat(guards.state(ROBOT)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> guards.enter(ROBOT)).isInstanceOfSatisfying(RefusedException.class, e -> {
            assertThat(e.refusal().type()).isEqualTo(ProblemType.CIRCUIT_OPEN);
            assertThat(e.refusal().retryAfterSeconds()).isEqualTo(1);
        });
        assertThat(refusal(guards, OTHER)).isNull();

        NameGuards.Permit trial = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> guards.enter(ROBOT), permit -> true);
        assertThat(refusal(guards, ROBOT)).as("one trial at a time").isEqualTo(ProblemType.CIRCUIT_OPEN);
        trial.succeeded();
        trial.finished();
        assertThat(guards.state(ROBOT)).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aPermitCountsOnceAndAnUnusedOneNotAtAll() throws RefusedException {
        NameGuards guards = guards(2, 1, Duration.ofSeconds(5));
        for (int i = 0; i < 5; i++) {
            guards.enter(ROBOT).unused();
        }
        NameGuards.Permit permit = guards.enter(ROBOT);
        permit.succeeded();
        permit.failed(new IllegalStateException("too late: the call was already judged"));
        permit.finished();
        permit.finished();
        NameGuards.Permit next = guards.enter(ROBOT);
        next.failed(new IllegalStateException("500"));
        next.finished();
        assertThat(guards.state(ROBOT)).as("one success, one failure: 50 % of 2 opens").isEqualTo(CircuitBreaker.State.OPEN);
    }
}
