package io.coterie.rpc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.rpc.RpcOutcome;
import io.coterie.rpc.RpcWire;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class IdempotencyMemoryTest {

    private static final byte[] REQUEST = RpcWire.requestSha256("speed.increase", "{}".getBytes(StandardCharsets.UTF_8));
    private static final byte[] OTHER_REQUEST = RpcWire.requestSha256("speed.increase", "{\"by\":2}".getBytes(StandardCharsets.UTF_8));

    private final MutableClock clock = new MutableClock();
    private final IdempotencyMemory memory = new IdempotencyMemory(Duration.ofHours(24), 1000, clock);

    private static long in(Duration duration) {
        return System.nanoTime() + duration.toNanos();
    }

    private static RpcAnswer executed(String body) {
        return new RpcAnswer(200, RpcOutcome.EXECUTED, RpcWire.JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    private static RpcAnswer rejected() {
        return new RpcAnswer(400, RpcOutcome.REJECTED, "application/problem+json", new byte[] {'{', '}'});
    }

    private IdempotencyMemory.First first(String subject, String key) throws InterruptedException {
        IdempotencyMemory.Claim claim = memory.claim(subject, key, REQUEST, in(Duration.ofSeconds(1)));
        assertThat(claim).isInstanceOf(IdempotencyMemory.First.class);
        return (IdempotencyMemory.First) claim;
    }

    @Test
    void a_call_that_ran_is_remembered_and_replayed() throws Exception {
        first("alice", "k1").finish(executed("{\"speed\":1}"));

        IdempotencyMemory.Claim again = memory.claim("alice", "k1", REQUEST, in(Duration.ofSeconds(1)));

        assertThat(again).isInstanceOf(IdempotencyMemory.Remembered.class);
        assertThat(new String(((IdempotencyMemory.Remembered) again).answer().body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"speed\":1}");
    }

    @Test
    void a_failed_call_is_remembered_too() throws Exception {
        RpcAnswer failed = new RpcAnswer(500, RpcOutcome.UNKNOWN, "application/problem+json", new byte[] {'{', '}'});
        first("alice", "k1").finish(failed);

        assertThat(memory.claim("alice", "k1", REQUEST, in(Duration.ofSeconds(1))))
                .isEqualTo(new IdempotencyMemory.Remembered(failed));
    }

    @Test
    void a_rejected_call_lets_the_key_go() throws Exception {
        first("alice", "k1").finish(rejected());

        assertThat(memory.size()).isZero();
        first("alice", "k1");
    }

    @Test
    void the_same_key_with_another_request_is_refused_while_running_and_after() throws Exception {
        IdempotencyMemory.First running = first("alice", "k1");
        assertThat(memory.claim("alice", "k1", OTHER_REQUEST, in(Duration.ofSeconds(1))))
                .isInstanceOf(IdempotencyMemory.Reused.class);

        running.finish(executed("1"));
        assertThat(memory.claim("alice", "k1", OTHER_REQUEST, in(Duration.ofSeconds(1))))
                .isInstanceOf(IdempotencyMemory.Reused.class);
    }

    @Test
    void keys_are_scoped_to_the_subject() throws Exception {
        first("alice", "k1").finish(executed("1"));

        first("bob", "k1");
    }

    @Test
    void keys_are_forgotten_after_the_retention() throws Exception {
        first("alice", "k1").finish(executed("1"));
        clock.advance(Duration.ofHours(24).minusSeconds(1));
        assertThat(memory.claim("alice", "k1", REQUEST, in(Duration.ofSeconds(1))))
                .isInstanceOf(IdempotencyMemory.Remembered.class);

        clock.advance(Duration.ofSeconds(1));

        first("alice", "k1");
    }

    @Test
    void the_oldest_keys_go_first_beyond_the_limit() throws Exception {
        IdempotencyMemory small = new IdempotencyMemory(Duration.ofHours(24), 3, clock);
        for (String key : List.of("k1", "k2", "k3", "k4")) {
            ((IdempotencyMemory.First) small.claim("alice", key, REQUEST, in(Duration.ofSeconds(1)))).finish(executed(key));
        }

        assertThat(small.size()).isEqualTo(3);
        assertThat(small.claim("alice", "k2", REQUEST, in(Duration.ofSeconds(1)))).isInstanceOf(IdempotencyMemory.Remembered.class);
        assertThat(small.claim("alice", "k4", REQUEST, in(Duration.ofSeconds(1)))).isInstanceOf(IdempotencyMemory.Remembered.class);
        assertThat(small.claim("alice", "k1", REQUEST, in(Duration.ofSeconds(1)))).isInstanceOf(IdempotencyMemory.First.class);
    }

    @Test
    void a_duplicate_waits_for_the_running_call_and_gets_its_answer() throws Exception {
        IdempotencyMemory.First running = first("alice", "k1");
        CompletableFuture<IdempotencyMemory.Claim> duplicate = claimAsync("k1", Duration.ofSeconds(10));

        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !duplicate.isDone());
        running.finish(executed("{\"speed\":1}"));

        assertThat(duplicate.get(5, TimeUnit.SECONDS)).isInstanceOf(IdempotencyMemory.Remembered.class);
    }

    @Test
    void a_duplicate_stops_waiting_at_its_own_deadline() throws Exception {
        first("alice", "k1");
        long start = System.nanoTime();

        IdempotencyMemory.Claim claim = memory.claim("alice", "k1", REQUEST, in(Duration.ofMillis(200)));

        assertThat(claim).isInstanceOf(IdempotencyMemory.StillRunning.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(150), Duration.ofSeconds(3));
    }

    @Test
    void a_duplicate_of_a_call_that_did_not_run_runs_itself() throws Exception {
        IdempotencyMemory.First running = first("alice", "k1");
        CompletableFuture<IdempotencyMemory.Claim> duplicate = claimAsync("k1", Duration.ofSeconds(10));
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> !duplicate.isDone());

        running.finish(rejected());

        assertThat(duplicate.get(5, TimeUnit.SECONDS)).isInstanceOf(IdempotencyMemory.First.class);
    }

    @Test
    void an_expired_deadline_still_gets_a_remembered_answer() throws Exception {
        first("alice", "k1").finish(executed("1"));

        assertThat(memory.claim("alice", "k1", REQUEST, System.nanoTime() - 1))
                .isInstanceOf(IdempotencyMemory.Remembered.class);
    }

    /**
     * Many threads call with the same few keys at once, some of the calls being refused (which lets
     * the key go): every key's method body runs to completion exactly once, and every call that did
     * not run it gets that run's answer.
     */
    @Test
    void every_key_runs_exactly_once_under_concurrent_duplicates() throws Exception {
        int threads = 32;
        int keys = 200;
        int rounds = 8;
        ConcurrentHashMap<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        ConcurrentHashMap<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
        List<String> mismatches = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            done.add(pool.submit(() -> {
                try {
                    start.await();
                    for (int round = 0; round < rounds; round++) {
                        for (int k = 0; k < keys; k++) {
                            String key = "k" + ((k + seed * 7) % keys);
                            IdempotencyMemory.Claim claim = memory.claim("alice", key, REQUEST, in(Duration.ofSeconds(30)));
                            if (claim instanceof IdempotencyMemory.First first) {
                                // The first claimant of some keys refuses once: the next claimant must run instead.
                                boolean refuse = key.hashCode() % 3 == 0
                                        && refusals.computeIfAbsent(key, x -> new AtomicInteger()).getAndIncrement() == 0;
                                if (refuse) {
                                    first.finish(rejected());
                                } else {
                                    int run = runs.computeIfAbsent(key, x -> new AtomicInteger()).incrementAndGet();
                                    first.finish(executed(key + "#" + run));
                                }
                            } else if (claim instanceof IdempotencyMemory.Remembered remembered) {
                                String body = new String(remembered.answer().body(), StandardCharsets.UTF_8);
                                if (!body.equals(key + "#1")) {
                                    mismatches.add(key + " replayed " + body);
                                }
                            } else {
                                mismatches.add(key + ": " + claim);
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(failure.get()).isNull();
        assertThat(mismatches).isEmpty();
        assertThat(runs).hasSize(keys);
        assertThat(runs.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
    }

    private CompletableFuture<IdempotencyMemory.Claim> claimAsync(String key, Duration budget) {
        long deadline = in(budget);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return memory.claim("alice", key, REQUEST, deadline);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static final class MutableClock implements InstantSource {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
