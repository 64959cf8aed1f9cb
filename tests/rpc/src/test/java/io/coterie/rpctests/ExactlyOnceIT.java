package io.coterie.rpctests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * 1,000 {@code speed.increase} commands, each with its own Idempotency-Key and each sent three
 * times at once from different client threads; the gateway is killed with SIGKILL a third of the
 * way in and started again. Callers retry with the same key until they get an executed answer.
 * The robot's speed ends at exactly 1,000, the three answers of every key agree, and the answers
 * are exactly the speeds 1 to 1,000: every command ran once.
 */
class ExactlyOnceIT {

    private static final int COMMANDS = 1000;
    private static final int COPIES = 3;
    private static final int THREADS = 12;
    private static final int KILL_AFTER = COMMANDS * COPIES / 3;
    private static final int TIMEOUT_MILLIS = 3000;

    @Test
    void everyCommandRunsOnceThroughAGatewayCrash() throws Exception {
        RpcPlatform platform = RpcPlatform.shared();
        RpcCaller caller = platform.caller(platform.callerToken("exactly-once"));
        String run = Long.toString(System.nanoTime(), 36);
        try (RobotProcess robot = RobotProcess.start(platform, "once-" + run, 5, 0)) {
            String name = robot.name();
            assertThat(caller.speed(name)).isZero();

            Map<String, List<Long>> answers = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> odd = new ConcurrentLinkedQueue<>();
            AtomicInteger done = new AtomicInteger();
            AtomicInteger attempts = new AtomicInteger();
            AtomicInteger replayed = new AtomicInteger();
            ExecutorService callers = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 1; i <= COMMANDS; i++) {
                String key = "once-" + run + "-" + i;
                for (int copy = 0; copy < COPIES; copy++) {
                    sent.add(callers.submit(() -> {
                        RpcCaller.Answer executed = untilExecuted(caller, name, key, attempts, odd);
                        if (executed.headers().firstValue("Coterie-Replayed").isPresent()) {
                            replayed.incrementAndGet();
                        }
                        answers.computeIfAbsent(key, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                .add(executed.json().get("speed").asLong());
                        done.incrementAndGet();
                    }));
                }
            }

            await().atMost(Duration.ofMinutes(2)).until(() -> done.get() >= KILL_AFTER);
            long killedAt = System.nanoTime();
            platform.killGateway();
            platform.startGateway();
            long restartMillis = (System.nanoTime() - killedAt) / 1_000_000;
            int doneAtKill = KILL_AFTER;

            for (Future<?> future : sent) {
                future.get(5, TimeUnit.MINUTES);
            }
            callers.shutdown();
            System.out.printf("%d answers (%d replayed) after %d attempts; the gateway was killed after %d answers and ready again"
                    + " %d ms later; answers other than executed: %s%n", done.get(), replayed.get(), attempts.get(), doneAtKill,
                    restartMillis, summary(odd));

            assertThat(answers).hasSize(COMMANDS);
            answers.forEach((key, speeds) -> {
                assertThat(speeds).as(key).hasSize(COPIES);
                assertThat(Set.copyOf(speeds)).as("the answers of " + key + " agree").hasSize(1);
            });
            Set<Long> speeds = answers.values().stream().map(list -> list.get(0)).collect(Collectors.toCollection(TreeSet::new));
            assertThat(speeds).as("each command ran once: the answers are the speeds 1 to 1000")
                    .isEqualTo(LongStream.rangeClosed(1, COMMANDS).boxed().collect(Collectors.toCollection(TreeSet::new)));
            assertThat(caller.speed(name)).isEqualTo(COMMANDS);
        } catch (AssertionError | RuntimeException e) {
            System.out.println("gateway log:\n" + platform.gatewayLogTail());
            throw e;
        }
    }

    /** Sends the command with its key until it is answered as executed; notes every other answer. */
    private static RpcCaller.Answer untilExecuted(RpcCaller caller, String name, String key, AtomicInteger attempts,
                                                  ConcurrentLinkedQueue<String> odd) {
        return await().atMost(Duration.ofMinutes(3)).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    attempts.incrementAndGet();
                    try {
                        RpcCaller.Answer answer = caller.call(name, "speed.increase", "{}", key, TIMEOUT_MILLIS);
                        if (!answer.executed()) {
                            odd.add(answer.status() + " " + answer.outcome() + " " + answer.json().path("type").asString(""));
                            if (answer.status() == 422 || answer.status() == 502) {
                                throw new AssertionError(key + ": " + answer);
                            }
                        }
                        return answer;
                    } catch (IOException e) {
                        odd.add("no answer (" + e.getClass().getSimpleName() + ")");
                        return null;
                    }
                }, answer -> answer != null && answer.executed());
    }

    private static Map<String, Long> summary(ConcurrentLinkedQueue<String> odd) {
        return odd.stream().collect(Collectors.groupingBy(s -> s.replace("https://coterie.dev/problems/", ""), java.util.TreeMap::new,
                Collectors.counting()));
    }
}
