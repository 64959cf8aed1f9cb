package io.coterie.rpctests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.testsupport.process.ServiceProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A robot killed while its name is still bound: calls to it fail, its circuit opens, and the
 * gateway refuses at once (503 circuit-open, Retry-After) instead of trying; started again on the
 * same port, it gets a trial call after the open time, and the circuit closes.
 */
class CircuitBreakerIT {

    private static final int ACTUATION_MILLIS = 200;

    @Test
    void aDeadRobotsCircuitOpensAndClosesOnceItIsBack() throws Exception {
        RpcPlatform platform = RpcPlatform.shared();
        RpcCaller caller = platform.caller(platform.callerToken("breaker"));
        int port = ServiceProcess.freePort();
        String name;
        long realMillis;
        try (RobotProcess robot = RobotProcess.start(platform, "breaker-1", ACTUATION_MILLIS, port)) {
            name = robot.name();
            caller.call(name, "speed.increase", "{}", null, null);
            RpcCaller.Answer real = caller.call(name, "speed.increase", "{}", null, null);
            assertThat(real.executed()).as(real.toString()).isTrue();
            realMillis = real.millis();
            robot.kill();
        }

        // Its session outlives it by up to 10 s: the name still leads to the dead port. Each call is
        // refused (nothing listens) until enough of them failed to open the circuit.
        int failures = 0;
        for (RpcCaller.Answer refused = caller.call(name, "speed.increase", "{}", null, null);
             !refused.json().get("type").asString().endsWith("/circuit-open");
             refused = caller.call(name, "speed.increase", "{}", null, null)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.outcome()).isEqualTo("rejected");
            assertThat(refused.json().get("type").asString()).isEqualTo("https://coterie.dev/problems/unavailable");
            assertThat(++failures).as("the circuit opens within the window of 6 calls").isLessThanOrEqualTo(6);
        }
        RpcCaller.Answer open = caller.call(name, "speed.increase", "{}", null, null);
        assertThat(open.status()).as(open.toString()).isEqualTo(503);
        assertThat(open.outcome()).isEqualTo("rejected");
        assertThat(open.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(open.json().get("type").asString()).isEqualTo("https://coterie.dev/problems/circuit-open");
        assertThat(open.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isBetween(1, 2));
        RpcCaller.Answer keyed = caller.call(name, "speed.increase", "{}", "breaker-" + System.nanoTime(), null);
        assertThat(keyed.json().get("type").asString()).isEqualTo("https://coterie.dev/problems/circuit-open");
        System.out.printf("circuit-open answered in %d ms (with a key: %d ms); a real call took %d ms%n",
                open.millis(), keyed.millis(), realMillis);
        assertThat(open.millis()).as("refused at once").isLessThan(realMillis / 4);

        try (RobotProcess again = RobotProcess.start(platform, "breaker-1", ACTUATION_MILLIS, port)) {
            RpcCaller.Answer trial = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> caller.call(name, "speed.increase", "{}", null, null), RpcCaller.Answer::executed);
            assertThat(trial.json().get("speed").asLong()).as("a fresh robot").isPositive();
            for (int i = 0; i < 5; i++) {
                assertThat(caller.call(name, "speed.get", "", null, null).executed()).as("closed again").isTrue();
            }
        }
    }
}
