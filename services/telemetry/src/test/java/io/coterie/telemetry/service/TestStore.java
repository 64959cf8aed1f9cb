package io.coterie.telemetry.service;

import static org.awaitility.Awaitility.await;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.Member;
import io.coterie.consensus.core.ConsensusPeer;
import io.coterie.consensus.core.PeerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A real consensus group of N Ratis peers in this JVM, each on its own port and temporary directory. */
public final class TestStore implements AutoCloseable {

    private final List<Member> members = new ArrayList<>();
    private final List<ConsensusPeer> peers = new ArrayList<>();
    private final List<ConsensusClient> clients = new ArrayList<>();

    private TestStore(int size) throws IOException {
        Path root = Files.createTempDirectory("telemetry-store");
        for (int i = 1; i <= size; i++) {
            members.add(new Member("n" + i, "127.0.0.1:" + freePort()));
        }
        for (Member member : members) {
            peers.add(ConsensusPeer.start(PeerConfig.of(member.id(), members, root.resolve(member.id()))
                    .withTiming(PeerConfig.Timing.FAST)));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> peers.stream().allMatch(ConsensusPeer::isReady));
    }

    public static TestStore start(int peers) {
        try {
            return new TestStore(peers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code n1=127.0.0.1:port,...}, as COTERIE_STORE_MEMBERS wants it. */
    public String members() {
        return members.stream().map(Member::toString).collect(Collectors.joining(","));
    }

    /** A client of the group, closed with it. */
    public synchronized ConsensusClient client() {
        ConsensusClient client = ConsensusClient.builder().members(members).operationTimeout(Duration.ofSeconds(10)).build();
        clients.add(client);
        return client;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        clients.forEach(ConsensusClient::close);
        for (ConsensusPeer peer : peers) {
            try {
                peer.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
