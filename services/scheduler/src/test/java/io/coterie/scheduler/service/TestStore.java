package io.coterie.scheduler.service;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.Member;
import io.coterie.consensus.core.ConsensusPeer;
import io.coterie.consensus.core.PeerConfig;
import io.coterie.testsupport.auth.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A real one-peer consensus group (Ratis, on a free port, in a temporary directory), a client of
 * it, and a signing key published in it for minting tokens. {@link #shared()} is the one every
 * Spring test of this JVM uses; {@link #start()} makes a private one.
 */
public final class TestStore implements AutoCloseable {

    private static TestStore shared;

    public final String members;
    public final ConsensusClient client;
    public final TestTokens tokens;
    private final ConsensusPeer peer;

    private TestStore(String members, ConsensusClient client, TestTokens tokens, ConsensusPeer peer) {
        this.members = members;
        this.client = client;
        this.tokens = tokens;
        this.peer = peer;
    }

    public static synchronized TestStore shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public static TestStore start() {
        try {
            int port = freePort();
            List<Member> members = List.of(new Member("n1", "127.0.0.1:" + port));
            ConsensusPeer peer = ConsensusPeer.start(PeerConfig.of("n1", members, Files.createTempDirectory("scheduler-test-store"))
                    .withTiming(new PeerConfig.Timing(Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofSeconds(3))));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(peer::isReady);
            ConsensusClient client = ConsensusClient.builder().members(members).build();
            return new TestStore("n1=127.0.0.1:" + port, client, TestTokens.publish(client), peer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A token with these grants, valid for ten minutes. */
    public String token(String... grants) {
        return tokens.token("tester", List.of(grants), Duration.ofMinutes(10));
    }

    @Override
    public void close() {
        client.close();
        try {
            peer.close();
        } catch (IOException e) {
            // The test is over either way.
        }
    }
}
