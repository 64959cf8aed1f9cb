package io.coterie.consensus.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.KeyValue;
import io.coterie.testsupport.process.JavaProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Peers as real processes, killed with SIGKILL and frozen with SIGSTOP while a client writes. */
class ProcessFaultIT {

    @TempDir
    Path root;

    @Test
    void aKilledLeaderAndAFrozenLeaderLoseNoAcknowledgedWrite() throws Exception {
        try (ProcessCluster cluster = new ProcessCluster(3, root, null)) {
            ConsensusClient client = cluster.client();
            String first = cluster.awaitLeader(client);

            Map<String, String> acknowledged = new ConcurrentHashMap<>();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger failures = new AtomicInteger();
            Thread writer = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    try {
                        client.put("fault/" + i, ("v" + i).getBytes(StandardCharsets.UTF_8)).join();
                        acknowledged.put("fault/" + i, "v" + i);
                    } catch (CompletionException e) {
                        failures.incrementAndGet();
                    }
                }
            });
            writer.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > 100);

            JavaProcess killed = cluster.process(Integer.parseInt(first.substring(1)));
            killed.kill();
            int afterKill = acknowledged.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() > afterKill + 100);

            String second = client.clusterStatus().leader();
            assertThat(second).isNotNull().isNotEqualTo(first);
            JavaProcess frozen = cluster.process(Integer.parseInt(second.substring(1)));
            killed.start();
            frozen.pause();
            int afterPause = acknowledged.size();
            // With the first leader back and the second frozen, the two live peers elect a leader and go on.
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() > afterPause + 100);
            frozen.resume();

            running.set(false);
            writer.join(60_000);
            cluster.awaitConverged(client, Set.of(1, 2, 3));
            for (Map.Entry<String, String> write : acknowledged.entrySet()) {
                Optional<KeyValue> kv = client.get(write.getKey()).join();
                assertThat(kv).as(write.getKey()).map(KeyValue::valueAsString).contains(write.getValue());
            }
        }
    }
}
