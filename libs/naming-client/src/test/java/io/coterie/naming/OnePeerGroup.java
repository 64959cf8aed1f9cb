package io.coterie.naming;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.Member;
import io.coterie.consensus.core.ConsensusPeer;
import io.coterie.consensus.core.PeerConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/** A real one-peer consensus group on a free port in a temporary directory, and a client of it. */
final class OnePeerGroup implements AutoCloseable {

    final ConsensusPeer peer;
    final ConsensusClient client;

    private OnePeerGroup(ConsensusPeer peer, ConsensusClient client) {
        this.peer = peer;
        this.client = client;
    }

    static OnePeerGroup start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dir = Files.createTempDirectory("naming-client-test");
        List<Member> members = List.of(new Member("n1", "127.0.0.1:" + port));
        ConsensusPeer peer = ConsensusPeer.start(PeerConfig.of("n1", members, dir)
                .withTiming(new PeerConfig.Timing(Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofSeconds(3))));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(peer::isReady);
        ConsensusClient client = ConsensusClient.builder().members(members).build();
        return new OnePeerGroup(peer, client);
    }

    @Override
    public void close() throws IOException {
        client.close();
        peer.close();
    }
}
