package io.coterie.naming.service;

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
 * One real one-peer consensus group for every test in this JVM (on a free port, in a temporary
 * directory), a client of it, and a signing key published in it for minting tokens.
 */
final class TestStore {

    private static TestStore shared;

    final String members;
    final ConsensusClient client;
    final TestTokens tokens;

    private TestStore(String members, ConsensusClient client, TestTokens tokens) {
        this.members = members;
        this.client = client;
        this.tokens = tokens;
    }

    static synchronized TestStore get() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    private static TestStore start() {
        try {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path dir = Files.createTempDirectory("naming-service-test");
            List<Member> members = List.of(new Member("n1", "127.0.0.1:" + port));
            ConsensusPeer peer = ConsensusPeer.start(PeerConfig.of("n1", members, dir)
                    .withTiming(new PeerConfig.Timing(Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofSeconds(3))));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(peer::isReady);
            ConsensusClient client = ConsensusClient.builder().members(members).build();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                client.close();
                try {
                    peer.close();
                } catch (IOException e) {
                    // The JVM is going away anyway.
                }
            }));
            return new TestStore("n1=127.0.0.1:" + port, client, TestTokens.publish(client));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
