package io.coterie.testsupport.linearizability;

import static io.coterie.testsupport.linearizability.KvInput.read;
import static io.coterie.testsupport.linearizability.KvInput.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coterie.testsupport.linearizability.CheckResult.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class HistoryRecorderTest {

    private final HistoryRecorder<KvInput, Object> recorder = new HistoryRecorder<>();

    @Test
    void recordsCompletedOperationsWithTheirInterval() {
        long before = System.nanoTime();
        long id = recorder.invoke(3, read("x"));
        recorder.ok(id, "v");
        long after = System.nanoTime();

        Operation<KvInput, Object> op = recorder.history().get(0);
        assertThat(op.clientId()).isEqualTo(3);
        assertThat(op.input()).isEqualTo(read("x"));
        assertThat(op.output()).isEqualTo("v");
        assertThat(op.callNanos()).isBetween(before, op.returnNanos());
        assertThat(op.returnNanos()).isLessThanOrEqualTo(after);
    }

    @Test
    void dropsFailedOperationsAndKeepsUnknownAndUnfinishedOnesAsUnknown() {
        recorder.fail(recorder.invoke(1, write("x", "failed")));
        recorder.unknown(recorder.invoke(2, write("x", "timed-out")));
        recorder.invoke(3, write("x", "in-flight"));

        assertThat(recorder.history())
                .extracting(op -> ((KvInput.Write) op.input()).value(), Operation::outcomeUnknown)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("timed-out", true),
                        org.assertj.core.groups.Tuple.tuple("in-flight", true));
    }

    @Test
    void historyIsOrderedByInvocation() {
        long first = recorder.invoke(1, read("x"));
        long second = recorder.invoke(2, read("y"));
        recorder.ok(second, null);
        recorder.ok(first, null);

        assertThat(recorder.history()).extracting(op -> op.input().key()).containsExactly("x", "y");
    }

    @Test
    void refusesToCompleteAnOperationTwiceOrOneNeverInvoked() {
        long id = recorder.invoke(1, read("x"));
        recorder.ok(id, null);

        assertThatThrownBy(() -> recorder.unknown(id)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> recorder.ok(42, null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void concurrentClientsOfALinearizableStoreProduceALinearizableHistory() throws Exception {
        Map<String, String> store = new HashMap<>();
        List<Operation<KvInput, Object>> history = runClients(8, 2_000, (client, key, value) -> {
            synchronized (store) {
                if (value == null) {
                    return store.get(key);
                }
                store.put(key, value);
                return null;
            }
        });

        assertThat(history).hasSize(8 * 2_000);
        CheckResult result = LinearizabilityChecker.check(Ops.KV, history, Duration.ofSeconds(60));
        assertThat(result.verdict()).as(result::toString).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void concurrentClientsOfAStoreThatLosesWritesProduceARejectedHistory() throws Exception {
        Map<String, String> store = new HashMap<>();
        List<Operation<KvInput, Object>> history = runClients(8, 500, (client, key, value) -> {
            synchronized (store) {
                if (value == null) {
                    return store.get(key);
                }
                if (client != 7) { // client 7's writes are acknowledged and dropped
                    store.put(key, value);
                }
                return null;
            }
        });

        CheckResult result = LinearizabilityChecker.check(Ops.KV, history, Duration.ofSeconds(60));
        assertThat(result.verdict()).as(result::toString).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    private interface Store {
        /** Reads when {@code value} is null, writes otherwise. */
        String apply(int client, String key, String value);
    }

    /** Each client writes unique values to its own key and to a shared one, reading back as it goes. */
    private List<Operation<KvInput, Object>> runClients(int clients, int opsPerClient, Store store) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                running.add(pool.submit(() -> {
                    for (int i = 0; i < opsPerClient; i++) {
                        String key = i % 3 == 0 ? "shared" : "own-" + client;
                        boolean isWrite = ThreadLocalRandom.current().nextBoolean();
                        String value = client + "-" + i;
                        long id = recorder.invoke(client, isWrite ? write(key, value) : read(key));
                        recorder.ok(id, store.apply(client, key, isWrite ? value : null));
                    }
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return recorder.history();
    }
}
