package io.coterie.gateway.edge;

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
 * One in-process store peer for the gateway tests of this JVM, with a signing key published once:
 * the gateways under test read their JWK set and the registrations from it.
 */
public final class SharedStore {

    private static SharedStore shared;

    public final String members;
    public final ConsensusClient client;
    public final TestTokens tokens;

    private SharedStore() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ConsensusPeer peer = ConsensusPeer.start(PeerConfig.of("n1", List.of(new Member("n1", "127.0.0.1:" + port)),
                Files.createTempDirectory("gateway-edge-test")).withTiming(PeerConfig.Timing.FAST));
        members = "n1=127.0.0.1:" + port;
        client = ConsensusClient.builder().members(members).operationTimeout(Duration.ofSeconds(10)).build();
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> client.put("probe", new byte[0]).join().revision() > 0);
        tokens = TestTokens.publish(client);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            client.close();
            try {
                peer.close();
            } catch (IOException e) {
                // the JVM is going
            }
        }));
    }

    public static synchronized SharedStore get() {
        if (shared == null) {
            try {
                shared = new SharedStore();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** A token for {@code principal} that may do anything. */
    public String token(String principal) {
        return tokens.token(principal, List.of("admin:"), Duration.ofMinutes(30));
    }
}
