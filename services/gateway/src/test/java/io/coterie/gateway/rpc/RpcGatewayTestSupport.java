package io.coterie.gateway.rpc;

import static org.awaitility.Awaitility.await;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.Member;
import io.coterie.consensus.core.ConsensusPeer;
import io.coterie.consensus.core.PeerConfig;
import io.coterie.naming.EntryCodec;
import io.coterie.naming.Health;
import io.coterie.naming.Instance;
import io.coterie.naming.ServiceEntry;
import io.coterie.testsupport.auth.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway on a random port over a real one-peer store (shared by every RPC test class, so
 * they share one Spring context too), workloads on real sockets bound in the namespace, and a
 * caller that speaks HTTP/1.1. Circuits judge 4 calls and stay open 1 s, so tests see them move.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "coterie.rpc.circuit-window=4", "coterie.rpc.circuit-minimum-calls=4", "coterie.rpc.circuit-open-wait=1s",
    "spring.grpc.server.port=0"})
abstract class RpcGatewayTestSupport {

    private static ConsensusPeer peer;
    private static String members;
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static synchronized void store(DynamicPropertyRegistry registry) throws IOException {
        if (peer == null) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            peer = ConsensusPeer.start(PeerConfig.of("n1", List.of(new Member("n1", "127.0.0.1:" + port)),
                    Files.createTempDirectory("gateway-rpc-test")).withTiming(PeerConfig.Timing.FAST));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    peer.close();
                } catch (IOException e) {
                    // the JVM is going anyway
                }
            }));
            members = "n1=127.0.0.1:" + port;
        }
        registry.add("coterie.store.members", () -> members);
    }

    @LocalServerPort
    int port;

    @Autowired
    ConsensusClient store;

    private static TestTokens tokens;
    private final List<TestWorkload> workloads = new ArrayList<>();

    synchronized TestTokens tokens() {
        if (tokens == null) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> store.put("probe", new byte[0]).join().revision() > 0);
            tokens = TestTokens.publish(store);
        }
        return tokens;
    }

    String token(String... grants) {
        return tokens().token("alice", List.of(grants), Duration.ofMinutes(10));
    }

    /** A name no other test uses. */
    static String freshName(String base) {
        return "/test/" + base + "-" + NAMES.incrementAndGet();
    }

    TestWorkload workload() {
        TestWorkload workload = new TestWorkload();
        workloads.add(workload);
        return workload;
    }

    void closeWorkloads() {
        workloads.forEach(TestWorkload::close);
        workloads.clear();
    }

    /** Binds {@code name} as a service with one RPC instance per port, the way libs/rpc does (through the store here). */
    void bind(String name, int... ports) {
        List<Instance> instances = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) {
            instances.add(new Instance("i" + i, "127.0.0.1", ports[i], Map.of("rpc", "coterie/1"), Health.PASSING));
        }
        store.put("names" + name, EntryCodec.encode(new ServiceEntry(instances, Map.of()))).join();
    }

    static int deadPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpRequest.Builder request(String name, String method, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/rpc" + name + "/" + method))
                .timeout(Duration.ofSeconds(30));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> post(String name, String method, String token, String body, String key, Integer timeoutMillis) {
        HttpRequest.Builder builder = request(name, method, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            builder.header("Idempotency-Key", key);
        }
        if (timeoutMillis != null) {
            builder.header("Coterie-Timeout", timeoutMillis.toString());
        }
        return send(builder.build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
