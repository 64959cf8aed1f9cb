package io.coterie.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.Member;
import io.coterie.consensus.core.ConsensusPeer;
import io.coterie.consensus.core.PeerConfig;
import io.coterie.naming.ServiceRegistrar;
import io.coterie.testsupport.auth.TestTokens;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway routes to what registered itself under /sys/services and stops routing to an
 * instance once its registration is gone: nothing about the backends is configured.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoutesFollowRegistrationsTest {

    private static ConsensusPeer peer;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dir = Files.createTempDirectory("gateway-routes-test");
        peer = ConsensusPeer.start(PeerConfig.of("n1", List.of(new Member("n1", "127.0.0.1:" + port)), dir)
                .withTiming(PeerConfig.Timing.FAST));
        registry.add("coterie.store.members", () -> "n1=127.0.0.1:" + port);
    }

    @AfterAll
    static void stop() throws IOException {
        peer.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    ConsensusClient store;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A stand-in naming instance: ready, and answers every name with who it is. */
    private static HttpServer backend(String answer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private HttpResponse<String> resolve(String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/names/apps/a"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRegisteredInstanceGetsTrafficAndAnUnregisteredOneNoLonger() throws Exception {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> store.put("probe", new byte[0]).join().revision() > 0);
        String admin = TestTokens.publish(store).admin();
        assertThat(resolve(admin).statusCode()).as("nothing registered yet").isEqualTo(503);

        HttpServer backend = backend("{\"from\":\"naming-1\"}");
        try (ServiceRegistrar registration = ServiceRegistrar.builder(store, "naming", "naming-1")
                .address("127.0.0.1").port(backend.getAddress().getPort()).build().start()) {
            assertThat(registration.awaitRegistered(Duration.ofSeconds(10))).isTrue();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> response = resolve(admin);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).contains("naming-1");
            });
        } finally {
            backend.stop(0);
        }
        // Unregistered (and stopped): the gateway answers for itself again, it does not try a dead address.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(resolve(admin).statusCode()).isEqualTo(503));
    }
}
