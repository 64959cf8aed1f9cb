package io.coterie.consensus.core;

import static org.awaitility.Awaitility.await;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.Member;
import io.coterie.consensus.client.StoreStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * N consensus peers in this JVM, each a real Ratis server on its own gRPC port with its own data
 * directory. "Killing" a peer closes its server (its sockets go away, its disk state stays);
 * restarting it starts a new server on the same directory and port.
 */
final class LocalCluster implements AutoCloseable {

    private final List<PeerConfig> configs = new ArrayList<>();
    private final List<ConsensusPeer> peers = new ArrayList<>();
    private final List<ConsensusClient> clients = new ArrayList<>();
    private final List<Member> members;

    LocalCluster(int size, Path dataRoot, UnaryOperator<PeerConfig> customize) {
        members = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            members.add(new Member("n" + i, "127.0.0.1:" + freePort()));
        }
        for (Member member : members) {
            PeerConfig config = PeerConfig.of(member.id(), members, dataRoot.resolve(member.id()))
                    .withTiming(PeerConfig.Timing.FAST);
            configs.add(customize.apply(config));
            peers.add(null);
        }
        for (int i = 0; i < size; i++) {
            start(i);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Member> members() {
        return members;
    }

    int size() {
        return configs.size();
    }

    ConsensusPeer peer(int i) {
        return Objects.requireNonNull(peers.get(i), "peer " + i + " is stopped");
    }

    boolean isRunning(int i) {
        return peers.get(i) != null;
    }

    void start(int i) {
        try {
            peers.set(i, ConsensusPeer.start(configs.get(i)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void kill(int i) {
        try {
            peer(i).close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        peers.set(i, null);
    }

    /** Waits for a leader that every running peer agrees on, and returns its index. */
    int awaitLeader() {
        int[] leader = {-1};
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String id = null;
            for (int i = 0; i < size(); i++) {
                if (isRunning(i) && peer(i).isLeader() && peer(i).division().getInfo().isLeaderReady()) {
                    id = peer(i).id();
                    leader[0] = i;
                }
            }
            if (id == null) {
                return false;
            }
            for (int i = 0; i < size(); i++) {
                if (isRunning(i) && !id.equals(peer(i).leaderId())) {
                    return false;
                }
            }
            return true;
        });
        return leader[0];
    }

    /** A client of the whole group; closed with the cluster. */
    ConsensusClient client() {
        return client(Duration.ofSeconds(10));
    }

    ConsensusClient client(Duration operationTimeout) {
        ConsensusClient client = ConsensusClient.builder().members(members)
                .requestTimeout(Duration.ofSeconds(3)).operationTimeout(operationTimeout).build();
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    /** Waits until every running peer has applied the same index and holds the same state. */
    void awaitConverged(ConsensusClient client) {
        String[] last = {"nothing yet"};
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                List<Object> seen = new ArrayList<>();
                try {
                    for (int i = 0; i < size(); i++) {
                        if (isRunning(i)) {
                            seen.add(client.status(peer(i).id(), true).join());
                        }
                    }
                } catch (RuntimeException e) {
                    seen.add(e.toString());
                    last[0] = seen.toString();
                    return false;
                }
                last[0] = seen.toString();
                List<StoreStatus> statuses = seen.stream().map(StoreStatus.class::cast).toList();
                return statuses.stream().map(StoreStatus::appliedIndex).distinct().count() == 1
                        && statuses.stream().map(StoreStatus::hash).distinct().count() == 1;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("peers did not converge; last seen: " + last[0], e);
        }
    }

    @Override
    public void close() {
        synchronized (clients) {
            clients.forEach(ConsensusClient::close);
        }
        for (int i = 0; i < size(); i++) {
            if (isRunning(i)) {
                kill(i);
            }
        }
    }
}
