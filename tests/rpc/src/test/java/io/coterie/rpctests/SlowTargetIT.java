package io.coterie.rpctests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A robot whose actuator takes longer than its caller is willing to wait: the gateway answers 504
 * outcome-unknown at the caller's deadline (not later), naming the key; once the command has
 * finished, a retry with the key gets its real result, and the command ran once.
 */
class SlowTargetIT {

    private static final int ACTUATION_MILLIS = 1500;
    private static final int TIMEOUT_MILLIS = 500;
    /** How late the 504 may arrive, measured at the caller, from sending to the last byte. */
    private static final int LATENESS_MILLIS = 50;

    @Test
    void theDeadlineIsAnsweredOnTimeAndTheKeyLearnsTheRealResult() throws Exception {
        RpcPlatform platform = RpcPlatform.shared();
        RpcCaller caller = platform.caller(platform.callerToken("slow-caller"));
        try (Robot robot = Robot.start(platform, "slow-1", ACTUATION_MILLIS, 0)) {
            String name = robot.name();
            long before = caller.speed(name);

            // The first one warms the gateway's path to a deadline; both are measured, the second is held to the bound.
            String warmKey = "slow-warm-" + System.nanoTime();
            RpcCaller.Answer warm = caller.call(name, "speed.increase", "{}", warmKey, TIMEOUT_MILLIS);
            String key = "slow-" + System.nanoTime();
            RpcCaller.Answer late = caller.call(name, "speed.increase", "{}", key, TIMEOUT_MILLIS);
            System.out.printf("504 after %d ms (warm-up) and %d ms for a %d ms deadline%n", warm.millis(), late.millis(), TIMEOUT_MILLIS);

            for (RpcCaller.Answer answer : new RpcCaller.Answer[] {warm, late}) {
                assertThat(answer.status()).as(answer.toString()).isEqualTo(504);
                assertThat(answer.outcome()).isEqualTo("unknown");
                assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(answer.json().get("type").asString()).isEqualTo("https://coterie.dev/problems/outcome-unknown");
                assertThat(answer.json().get("outcome").asString()).isEqualTo("unknown");
                assertThat(answer.millis()).as("not before the deadline").isGreaterThanOrEqualTo(TIMEOUT_MILLIS - 5);
            }
            assertThat(warm.json().get("idempotencyKey").asString()).isEqualTo(warmKey);
            assertThat(late.json().get("idempotencyKey").asString()).isEqualTo(key);
            assertThat(late.millis()).as("answered by the deadline + %d ms", LATENESS_MILLIS)
                    .isLessThanOrEqualTo(TIMEOUT_MILLIS + LATENESS_MILLIS);

            // Both commands finish on the robot, one after the other. (Timeouts count against the name's
            // circuit, so a read may be refused for a moment: it is asked again.)
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> caller.speed(name), speed -> speed == before + 2);

            RpcCaller.Answer learned = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> caller.call(name, "speed.increase", "{}", key, 5000), answer -> answer.status() != 503);
            assertThat(learned.executed()).as(learned.toString()).isTrue();
            assertThat(learned.json().get("speed").asLong()).isEqualTo(before + 2);
            RpcCaller.Answer warmLearned = caller.call(name, "speed.increase", "{}", warmKey, 5000);
            assertThat(warmLearned.json().get("speed").asLong()).isEqualTo(before + 1);
            assertThat(warmLearned.executed()).as(warmLearned.toString()).isTrue();
            assertThat(caller.speed(name)).as("each command moved the speed exactly once").isEqualTo(before + 2);
            System.out.printf("the retry with the key answered %s (replayed: %s)%n", learned.body(),
                    learned.headers().firstValue("Coterie-Replayed").orElse("false"));
        }
    }
}
