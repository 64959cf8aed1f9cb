package io.coterie.consensus.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.consensus.client.Compare;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.ConsensusException;
import io.coterie.consensus.client.KeyValue;
import io.coterie.consensus.client.Op;
import io.coterie.consensus.client.Txn;
import io.coterie.testsupport.linearizability.CheckResult;
import io.coterie.testsupport.linearizability.HistoryRecorder;
import io.coterie.testsupport.linearizability.KvInput;
import io.coterie.testsupport.linearizability.KvRegisterModel;
import io.coterie.testsupport.linearizability.LinearizabilityChecker;
import io.coterie.testsupport.linearizability.Operation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent clients read, write, compare-and-set and delete a few registers while the leader is
 * killed and restarted twice; the recorded history must be linearizable. Operations that fail
 * with an unknown outcome (no quorum in time) may or may not have taken effect, and the checker
 * allows both.
 */
class LinearizabilityIT {

    private static final int CLIENTS = 6;
    private static final List<String> KEYS = List.of("reg/a", "reg/b", "reg/c", "reg/d", "reg/e");

    @TempDir
    Path dataRoot;

    @Test
    void aRegisterWorkloadThroughLeaderKillsIsLinearizable() throws Exception {
        HistoryRecorder<KvInput, Object> recorder = new HistoryRecorder<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger completed = new AtomicInteger();
        try (LocalCluster cluster = new LocalCluster(3, dataRoot, c -> c)) {
            cluster.awaitLeader();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int clientId = c;
                ConsensusClient client = cluster.client(Duration.ofSeconds(3));
                Thread thread = new Thread(() -> workload(clientId, client, recorder, running, completed));
                thread.start();
                clients.add(thread);
            }
            for (int round = 0; round < 2; round++) {
                int before = completed.get();
                await().atMost(Duration.ofSeconds(60)).until(() -> completed.get() > before + 300);
                int leader = cluster.awaitLeader();
                cluster.kill(leader);
                int afterKill = completed.get();
                await().atMost(Duration.ofSeconds(60)).until(() -> completed.get() > afterKill + 300);
                cluster.start(leader);
            }
            int last = completed.get();
            await().atMost(Duration.ofSeconds(60)).until(() -> completed.get() > last + 300);
            running.set(false);
            for (Thread thread : clients) {
                thread.join(30_000);
            }
        }

        List<Operation<KvInput, Object>> history = recorder.history();
        assertThat(history).hasSizeGreaterThan(1500);
        CheckResult result = LinearizabilityChecker.check(new KvRegisterModel(), history, Duration.ofSeconds(120));
        assertThat(result.verdict()).as(result.explanation()).isEqualTo(CheckResult.Verdict.LINEARIZABLE);
    }

    private static void workload(int clientId, ConsensusClient client, HistoryRecorder<KvInput, Object> recorder,
                                 AtomicBoolean running, AtomicInteger completed) {
        Random random = new Random(clientId);
        for (int n = 0; running.get(); n++) {
            String key = KEYS.get(random.nextInt(KEYS.size()));
            int dice = random.nextInt(10);
            KvInput input;
            if (dice < 4) {
                input = KvInput.read(key);
            } else if (dice < 7) {
                input = KvInput.write(key, clientId + "-" + n);
            } else if (dice < 9) {
                String expected = random.nextBoolean() ? null : clientId + "-" + random.nextInt(Math.max(1, n));
                input = KvInput.cas(key, expected, clientId + "-" + n);
            } else {
                input = KvInput.delete(key);
            }
            long id = recorder.invoke(clientId, input);
            try {
                recorder.ok(id, execute(client, input));
                completed.incrementAndGet();
            } catch (CompletionException e) {
                if (e.getCause() instanceof ConsensusException.NoQuorum || e.getCause() instanceof ConsensusException.Overloaded) {
                    // The request may have reached the log before the answer was lost.
                    recorder.unknown(id);
                } else {
                    throw e;
                }
            }
        }
    }

    private static Object execute(ConsensusClient client, KvInput input) {
        if (input instanceof KvInput.Read read) {
            Optional<KeyValue> kv = client.get(read.key()).join();
            return kv.map(KeyValue::valueAsString).orElse(null);
        }
        if (input instanceof KvInput.Write write) {
            client.put(write.key(), write.value().getBytes(StandardCharsets.UTF_8)).join();
            return null;
        }
        if (input instanceof KvInput.Cas cas) {
            Compare condition = cas.expected() == null
                    ? Compare.absent(cas.key())
                    : Compare.value(cas.key(), Compare.Result.EQUAL, cas.expected().getBytes(StandardCharsets.UTF_8));
            return client.txn(Txn.builder().when(condition)
                    .then(Op.put(cas.key(), cas.newValue().getBytes(StandardCharsets.UTF_8))).build()).join().succeeded();
        }
        KvInput.Delete delete = (KvInput.Delete) input;
        client.delete(delete.key()).join();
        return null;
    }
}
