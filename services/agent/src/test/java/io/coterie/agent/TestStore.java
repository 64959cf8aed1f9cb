package io.coterie.agent;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.Member;
import io.coterie.consensus.core.ConsensusPeer;
import io.coterie.consensus.core.PeerConfig;
import io.coterie.testsupport.auth.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A real one-peer consensus group in this JVM (on a free port, in a temporary directory), a client
 * of it, and a signing key published in it for minting tokens. {@link #get()} is the one every test
 * shares; {@link #startOwn()} one a test may take down.
 */
final class TestStore implements AutoCloseable {

    private static TestStore shared;

    final String members;
    final ConsensusClient client;
    final TestTokens tokens;
    private final ConsensusPeer peer;

    private TestStore(String members, ConsensusClient client, TestTokens tokens, ConsensusPeer peer) {
        this.members = members;
        this.client = client;
        this.tokens = tokens;
        this.peer = peer;
    }

    static synchronized TestStore get() {
        if (shared == null) {
            shared = startOwn();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    static TestStore startOwn() {
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("agent-test-store");
            List<Member> members = List.of(new Member("n1", "127.0.0.1:" + port));
            ConsensusPeer peer = ConsensusPeer.start(PeerConfig.of("n1", members, dir)
                    .withTiming(new PeerConfig.Timing(Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofSeconds(3))));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(peer::isReady);
            ConsensusClient client = ConsensusClient.builder().members(members).build();
            return new TestStore("n1=127.0.0.1:" + port, client, TestTokens.publish(client), peer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Takes the store down: its clients stop getting answers. */
    @Override
    public void close() {
        client.close();
        try {
            peer.close();
        } catch (IOException e) {
            // Going away anyway.
        }
    }
}
