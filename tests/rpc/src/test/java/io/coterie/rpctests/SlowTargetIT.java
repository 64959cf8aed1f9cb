package io.coterie.rpctests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A robot whose actuator takes longer than its caller is willing to wait: the gateway answers 504
 * outcome-unknown at the caller's deadline (not later), naming the key; once a command has
 * finished, a retry with its key gets its real result without running it again, and each
 * command ran once. (A command that reached the robot after its deadline did not start; its
 * retry runs it.)
 */
class SlowTargetIT {

    private static final int ACTUATION_MILLIS = 1500;
    private static final int TIMEOUT_MILLIS = 500;
    /** How late a 504 may arrive, measured at the caller, from sending to the last byte. */
    private static final int LATENESS_MILLIS = 50;
    /** The first calls warm the gateway's path to a deadline (class loading, JIT): measured, not held to the bound. */
    private static final int WARM_UPS = 2;
    private static final int MEASURED = 3;
    private static final String PRINCIPAL = "slow-caller";

    @Test
    void theDeadlineIsAnsweredOnTimeAndEachKeyLearnsItsRealResult() throws Exception {
        RpcPlatform platform = RpcPlatform.shared();
        RpcCaller caller = platform.caller(platform.callerToken(PRINCIPAL));
        try (RobotProcess robot = RobotProcess.start(platform, "slow-1", ACTUATION_MILLIS, 0)) {
            String name = robot.name();
            long before = caller.speed(name);

            List<String> keys = new ArrayList<>();
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < WARM_UPS + MEASURED; i++) {
                String key = "slow-" + i + "-" + System.nanoTime();
                RpcCaller.Answer late = caller.call(name, "speed.increase", "{}", key, TIMEOUT_MILLIS);
                assertThat(late.status()).as(late.toString()).isEqualTo(504);
                assertThat(late.outcome()).isEqualTo("unknown");
                assertThat(late.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(late.json().get("type").asString()).isEqualTo("https://coterie.dev/problems/outcome-unknown");
                assertThat(late.json().get("outcome").asString()).isEqualTo("unknown");
                assertThat(late.json().get("idempotencyKey").asString()).as("the body names the key").isEqualTo(key);
                assertThat(late.millis()).as("not before the deadline").isGreaterThanOrEqualTo(TIMEOUT_MILLIS - 5);
                keys.add(key);
                millis.add(late.millis());
            }
            System.out.printf("504 after %s ms for a %d ms deadline (the first %d warm up)%n", millis, TIMEOUT_MILLIS, WARM_UPS);
            assertThat(millis.subList(WARM_UPS, millis.size())).as("answered by the deadline + %d ms", LATENESS_MILLIS)
                    .allSatisfy(took -> assertThat(took).isLessThanOrEqualTo(TIMEOUT_MILLIS + LATENESS_MILLIS));

            // Each command finishes on the robot (the gateway keeps waiting for it, and records its
            // answer), or, if it reached the robot after its deadline, never starts (its record goes).
            for (String key : keys) {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> platform.callRecord(PRINCIPAL, key), record -> record.map(r -> r.get("state").asString())
                                .map(state -> state.equals("done")).orElse(true));
            }
            for (String key : keys.subList(WARM_UPS, keys.size())) {
                assertThat(platform.callRecord(PRINCIPAL, key)).as("the measured command %s ran", key).isPresent();
            }

            Set<Long> results = new HashSet<>();
            for (String key : keys) {
                boolean ran = platform.callRecord(PRINCIPAL, key).isPresent();
                RpcCaller.Answer learned = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> caller.call(name, "speed.increase", "{}", key, 5000), answer -> answer.status() != 503);
                assertThat(learned.executed()).as(key + ": " + learned).isTrue();
                if (ran) {
                    assertThat(learned.headers().firstValue("Coterie-Replayed")).as("%s: the recorded answer", key).hasValue("true");
                }
                results.add(learned.json().get("speed").asLong());
                System.out.printf("the retry with %s answered %s (%s)%n", key, learned.body(), ran ? "replayed" : "ran now");
            }
            assertThat(results).as("each key has its own result").containsExactlyInAnyOrderElementsOf(
                    LongStream.rangeClosed(before + 1, before + keys.size()).boxed().toList());
            // The deadlines counted against the name's circuit: a read may be refused for a moment.
            long after = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> caller.speed(name), speed -> true);
            assertThat(after).as("each command moved the speed exactly once").isEqualTo(before + keys.size());
        }
    }
}
