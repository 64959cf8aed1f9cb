package io.coterie.consensus.core;

import static org.awaitility.Awaitility.await;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.Member;
import io.coterie.consensus.client.StoreStatus;
import io.coterie.testsupport.net.NetworkLab;
import io.coterie.testsupport.process.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Consensus peers as separate processes: on loopback, or each in its own network namespace of a
 * {@link NetworkLab} so that links between them can be cut.
 */
final class ProcessCluster implements AutoCloseable {

    private final List<Member> members = new ArrayList<>();
    private final List<JavaProcess> processes = new ArrayList<>();
    private final List<ConsensusClient> clients = new ArrayList<>();
    private final NetworkLab lab;

    ProcessCluster(int size, Path root, NetworkLab lab) {
        this.lab = lab;
        for (int i = 1; i <= size; i++) {
            String host = lab == null ? "127.0.0.1" : lab.address(i);
            int port = lab == null ? LocalCluster.freePort() : 7200;
            members.add(new Member("n" + i, host + ":" + port));
        }
        String spec = String.join(",", members.stream().map(Member::toString).toList());
        for (int i = 1; i <= size; i++) {
            processes.add(JavaProcess.ofMainClass("n" + i, PeerMain.class.getName(),
                    List.of("n" + i, spec, root.resolve("n" + i).toString()), java.util.Map.of(),
                    root.resolve("n" + i + ".log"), lab == null ? null : lab.namespace(i)));
        }
        processes.forEach(JavaProcess::start);
    }

    JavaProcess process(int i) {
        return processes.get(i - 1);
    }

    List<Member> members() {
        return members;
    }

    /** A client that only knows the given peers (1-based). */
    ConsensusClient client(Collection<Integer> peers, Duration operationTimeout) {
        List<Member> known = peers.stream().map(i -> members.get(i - 1)).toList();
        ConsensusClient client = ConsensusClient.builder().members(known)
                .requestTimeout(Duration.ofSeconds(2)).operationTimeout(operationTimeout).build();
        clients.add(client);
        return client;
    }

    ConsensusClient client() {
        List<Integer> all = new ArrayList<>();
        for (int i = 1; i <= members.size(); i++) {
            all.add(i);
        }
        return client(all, Duration.ofSeconds(10));
    }

    /** Waits until a write goes through, and returns the id of the leader that took it. */
    String awaitLeader(ConsensusClient client) {
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().pollInterval(Duration.ofMillis(500))
                .until(() -> client.put("probe/leader", new byte[0]).join().revision() > 0);
        return client.clusterStatus().leader();
    }

    /** Waits until the given peers have applied the same index and hold the same state. */
    void awaitConverged(ConsensusClient client, Collection<Integer> peers) {
        String[] last = {"nothing yet"};
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                List<Object> seen = new ArrayList<>();
                boolean ok = true;
                for (int i : peers) {
                    try {
                        seen.add(client.status("n" + i, true).join());
                    } catch (RuntimeException e) {
                        seen.add("n" + i + ": " + e.getMessage());
                        ok = false;
                    }
                }
                last[0] = seen.toString();
                if (!ok) {
                    return false;
                }
                List<StoreStatus> statuses = seen.stream().map(StoreStatus.class::cast).toList();
                return statuses.stream().map(StoreStatus::appliedIndex).distinct().count() == 1
                        && statuses.stream().map(StoreStatus::hash).distinct().count() == 1;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("peers did not converge; last seen: " + last[0] + "\n" + logs(), e);
        }
    }

    String logs() {
        StringBuilder out = new StringBuilder();
        for (JavaProcess process : processes) {
            out.append("--- ").append(process.name()).append('\n').append(process.logTail(15)).append('\n');
        }
        return out.toString();
    }

    @Override
    public void close() {
        clients.forEach(ConsensusClient::close);
        processes.forEach(JavaProcess::close);
    }
}
