package io.coterie.consensus.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.testsupport.net.NetworkLab;
import io.coterie.testsupport.process.JavaProcess;
import java.nio.file.Files;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The essay's quorum arithmetic on the real system: peers are processes in their own network
 * namespaces, and the links between two groups of them are really cut. A majority is
 * floor(N/2)+1: with N=6 a 3/3 split leaves no side able to write; with N=5 a 3/2 split lets
 * exactly the three write.
 */
@EnabledIf(value = "io.coterie.testsupport.net.NetworkLab#available", disabledReason = "needs root and iproute2 for network namespaces")
class PartitionIT {

    @TempDir
    Path root;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The outcome of a writer process: one line per attempt. */
    record Writes(List<String> acknowledged, List<String> failed) {
    }

    /**
     * Runs a writer process on host {@code clientHost} of the lab, talking only to {@code peers},
     * and waits for it. The client sits inside the partition, like a real application would.
     */
    private Writes write(NetworkLab lab, ProcessCluster cluster, int clientHost, List<Integer> peers, String prefix,
                         int attempts, long timeoutMillis, long patienceMillis) throws Exception {
        String members = String.join(",", peers.stream().map(i -> cluster.members().get(i - 1).toString()).toList());
        Path log = root.resolve("writer-" + prefix.replace("/", "") + ".log");
        JavaProcess writer = JavaProcess.ofMainClass("writer", WriterMain.class.getName(),
                List.of(members, prefix, Integer.toString(attempts), Long.toString(timeoutMillis), Long.toString(patienceMillis)),
                Map.of(), log, lab.namespace(clientHost)).start();
        await().atMost(Duration.ofMinutes(3)).until(() -> !writer.isAlive());
        List<String> lines = Files.readAllLines(log);
        List<String> acknowledged = lines.stream().filter(l -> l.startsWith("ACK ")).toList();
        List<String> failed = lines.stream().filter(l -> l.startsWith("FAIL ")).toList();
        assertThat(acknowledged.size() + failed.size()).as("writer output:\n" + String.join("\n", lines)).isEqualTo(attempts);
        return new Writes(acknowledged, failed);
    }

    @Test
    void sixPeersSplitThreeAndThreeAcceptNoWriteOnEitherSide() throws Exception {
        // Hosts 1-6 run the peers; host 7 is a client on the left, host 8 one on the right.
        try (NetworkLab lab = NetworkLab.create(8); ProcessCluster cluster = new ProcessCluster(6, root, lab)) {
            ConsensusClient all = cluster.client();
            cluster.awaitLeader(all);
            all.put("before", utf8("1")).join();

            List<Integer> left = List.of(1, 2, 3);
            List<Integer> right = List.of(4, 5, 6);
            lab.partition(List.of(1, 2, 3, 7), List.of(4, 5, 6, 8));

            // Each side has 3 of 6 peers; a majority needs 4. Whatever the old leader believes
            // for a moment, nothing it appends can commit.
            Writes onLeft = write(lab, cluster, 7, left, "left/", 3, 4000, 0);
            Writes onRight = write(lab, cluster, 8, right, "right/", 3, 4000, 0);
            assertThat(onLeft.acknowledged()).as("writes on the left").isEmpty();
            assertThat(onRight.acknowledged()).as("writes on the right").isEmpty();
            assertThat(onLeft.failed()).allMatch(line -> line.endsWith("no-quorum"));
            assertThat(onRight.failed()).allMatch(line -> line.endsWith("no-quorum"));

            lab.heal();
            cluster.awaitLeader(all);
            assertThat(all.get("before").join()).isPresent();
            all.put("after", utf8("1")).join();
            cluster.awaitConverged(all, Set.of(1, 2, 3, 4, 5, 6));
        }
    }

    @Test
    void fivePeersSplitThreeAndTwoWriteOnlyOnTheMajoritySide() throws Exception {
        // Hosts 1-5 run the peers; host 6 is a client with the majority, host 7 one with the minority.
        try (NetworkLab lab = NetworkLab.create(7); ProcessCluster cluster = new ProcessCluster(5, root, lab)) {
            ConsensusClient all = cluster.client();
            cluster.awaitLeader(all);
            // Put the leader on the minority side, so the majority must elect a new one.
            all.transferLeadership("n4");
            await().atMost(Duration.ofSeconds(30)).until(() -> "n4".equals(all.clusterStatus().leader()));

            List<Integer> majority = List.of(1, 2, 3);
            List<Integer> minority = List.of(4, 5);
            lab.partition(List.of(1, 2, 3, 6), List.of(4, 5, 7));

            Writes onMinority = write(lab, cluster, 7, minority, "minority/", 3, 4000, 0);
            assertThat(onMinority.acknowledged()).as("writes on the minority side").isEmpty();
            Writes onMajority = write(lab, cluster, 6, majority, "majority/", 10, 8000, 60_000);
            assertThat(onMajority.acknowledged()).as("writes on the majority side").hasSize(10);

            lab.heal();
            cluster.awaitConverged(all, Set.of(1, 2, 3, 4, 5));
            for (int i = 0; i < 10; i++) {
                assertThat(all.get("majority/" + i).join()).as("majority/" + i).isPresent();
            }
        }
    }
}
