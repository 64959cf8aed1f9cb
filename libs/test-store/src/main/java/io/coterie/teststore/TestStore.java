package io.coterie.teststore;

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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * A real consensus group of Ratis peers in this JVM, each on a free port and in its own temporary
 * directory, with a client of it (closed with it).
 *
 * <p>{@link #start(int)} makes a private group of N peers and publishes nothing in it.
 * {@link #shared()} is the one-peer group every test of this JVM may share, with a signing key
 * published in it for minting tokens ({@link #tokens()}, {@link #token(String...)}); it goes away
 * with the JVM. {@link #startOwn()} makes a private one of those, for a test that takes it down.
 */
public final class TestStore implements AutoCloseable {

    /** The timing of the one-peer groups: a single peer elects itself quickly. */
    private static final PeerConfig.Timing ONE_PEER =
            new PeerConfig.Timing(Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofSeconds(3));

    private static TestStore shared;

    private final List<Member> members = new ArrayList<>();
    private final List<ConsensusPeer> peers = new ArrayList<>();
    private final ConsensusClient client;
    private TestTokens tokens;

    private TestStore(String prefix, int size, PeerConfig.Timing timing, Duration wait, ConsensusClient.Builder clients)
            throws IOException {
        Path root = Files.createTempDirectory(prefix);
        for (int i = 1; i <= size; i++) {
            members.add(new Member("n" + i, "127.0.0.1:" + freePort()));
        }
        for (Member member : members) {
            peers.add(ConsensusPeer.start(PeerConfig.of(member.id(), members, root.resolve(member.id())).withTiming(timing)));
        }
        Awaitility.await().atMost(wait).until(() -> peers.stream().allMatch(ConsensusPeer::isReady));
        client = clients.members(members).build();
    }

    /** A private group of {@code peers} peers, with nothing published in it. */
    public static TestStore start(int peers) {
        try {
            return new TestStore("test-store", peers, PeerConfig.Timing.FAST, Duration.ofSeconds(60),
                    ConsensusClient.builder().operationTimeout(Duration.ofSeconds(10)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one-peer group (signing key published) every test of this JVM shares; closed when the JVM exits. */
    public static synchronized TestStore shared() {
        if (shared == null) {
            shared = startOwn();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A private one-peer group with a signing key published in it, for a test that takes it down. */
    public static TestStore startOwn() {
        TestStore store;
        try {
            store = new TestStore("test-store-own", 1, ONE_PEER, Duration.ofSeconds(30), ConsensusClient.builder());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store.tokens();
        return store;
    }

    /** {@code n1=127.0.0.1:port,...}, as COTERIE_STORE_MEMBERS wants it. */
    public String members() {
        return members.stream().map(Member::toString).collect(Collectors.joining(","));
    }

    /** The client of the group, closed with it. */
    public ConsensusClient client() {
        return client;
    }

    /** Mints tokens with the signing key published in this group (published on first use). */
    public synchronized TestTokens tokens() {
        if (tokens == null) {
            tokens = TestTokens.publish(client);
        }
        return tokens;
    }

    /** A token with these grants, valid for ten minutes. */
    public String token(String... grants) {
        return tokens().token("tester", List.of(grants), Duration.ofMinutes(10));
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Takes the group down: its clients stop getting answers. */
    @Override
    public synchronized void close() {
        client.close();
        for (ConsensusPeer peer : peers) {
            try {
                peer.close();
            } catch (IOException e) {
                // The test is over either way.
            }
        }
    }
}
