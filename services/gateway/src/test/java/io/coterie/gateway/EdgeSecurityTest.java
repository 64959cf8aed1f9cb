package io.coterie.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.Member;
import io.coterie.consensus.core.ConsensusPeer;
import io.coterie.consensus.core.PeerConfig;
import io.coterie.testsupport.auth.TestTokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The edge refuses what every service would refuse: each route and each management endpoint
 * turns an anonymous, forged or expired token away with 401 problem+json, before any service
 * sees the request. Readiness and logging in are the only ways through without a token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EdgeSecurityTest {

    private static ConsensusPeer peer;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dir = Files.createTempDirectory("gateway-test");
        List<Member> members = List.of(new Member("n1", "127.0.0.1:" + port));
        peer = ConsensusPeer.start(PeerConfig.of("n1", members, dir).withTiming(PeerConfig.Timing.FAST));
        registry.add("coterie.store.members", () -> "n1=127.0.0.1:" + port);
        // No backends: whatever passes the edge finds no instance, which shows it passed.
        registry.add("spring.cloud.discovery.client.simple.instances.consensus[0].uri", () -> "http://127.0.0.1:1");
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

    private HttpResponse<String> call(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Autowired
    RouteDefinitionLocator routes;

    /** One concrete path per Path pattern of every configured route: a new route is checked without editing this test. */
    private List<String> everyRoutedPath() {
        List<String> paths = new java.util.ArrayList<>();
        for (RouteDefinition route : routes.getRouteDefinitions().collectList().block(Duration.ofSeconds(10))) {
            for (PredicateDefinition predicate : route.getPredicates()) {
                if (predicate.getName().equals("Path")) {
                    predicate.getArgs().values().forEach(pattern -> paths.add(pattern.replace("/**", "/x")));
                }
            }
        }
        return paths;
    }

    @Test
    void everyConfiguredRouteRefusesAnonymousCalls() throws Exception {
        List<String> paths = everyRoutedPath();
        assertThat(paths).contains("/v1/kv/x", "/v1/names/x", "/v1/ids", "/v1/watch/names");
        for (String path : paths) {
            for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
                if (method.equals("POST") && path.equals("/v1/tokens")) {
                    continue; // logging in: the secret is the credential, and identity checks it
                }
                HttpResponse<String> response = call(method, path, null);
                assertThat(response.statusCode()).as(method + " " + path).isEqualTo(401);
            }
        }
    }

    @Test
    void everyRouteAndEndpointRefusesCallsWithoutAValidToken() throws Exception {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> store.put("probe", new byte[0]).join().revision() > 0);
        TestTokens tokens = TestTokens.publish(store);
        List<String[]> calls = List.of(
                new String[] {"GET", "/v1/kv/a"}, new String[] {"PUT", "/v1/kv/a"}, new String[] {"POST", "/v1/txn"},
                new String[] {"GET", "/v1/watch?prefix=a"}, new String[] {"POST", "/v1/leases"}, new String[] {"GET", "/v1/cluster"},
                new String[] {"POST", "/v1/maintenance/compact"}, new String[] {"GET", "/v1/names/a"},
                new String[] {"POST", "/v1/sessions"}, new String[] {"GET", "/v1/watch/names?prefix=/a"},
                new String[] {"POST", "/v1/ids?count=1"}, new String[] {"GET", "/v1/principals"}, new String[] {"GET", "/v1/jwks"},
                new String[] {"GET", "/v1/no-such-route"}, new String[] {"GET", "/actuator"}, new String[] {"GET", "/actuator/health"},
                new String[] {"GET", "/actuator/prometheus"}, new String[] {"GET", "/actuator/gateway/routes"},
                new String[] {"GET", "/v1/openapi.json"}, new String[] {"GET", "/v3/api-docs"});
        List<String> refused = List.of("", "Bearer nonsense", "Bearer " + TestTokens.forged("root", List.of("admin:")),
                "Bearer " + tokens.expired("root", List.of("admin:"), Duration.ofMinutes(5)));
        for (String[] call : calls) {
            for (String authorization : refused) {
                HttpResponse<String> response = call(call[0], call[1], authorization.isEmpty() ? null : authorization);
                assertThat(response.statusCode()).as(call[0] + " " + call[1] + " with '" + authorization + "'").isEqualTo(401);
                assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
                assertThat(response.body()).contains("https://coterie.dev/problems/unauthorized").doesNotContain("Exception");
            }
        }
        HttpResponse<String> passed = call("GET", "/v1/kv/a", "Bearer " + tokens.admin());
        assertThat(passed.statusCode()).as("a valid token passes the edge and finds no backend").isEqualTo(503);
        assertThat(call("GET", "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        for (String path : List.of("/v1/names/a/../b", "/v1/kv/a//b", "/v1/names/a/%2E%2E/b")) {
            HttpResponse<String> rejected = call("GET", path, "Bearer " + tokens.admin());
            assertThat(rejected.statusCode()).as(path).isEqualTo(400);
            assertThat(rejected.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
            assertThat(rejected.body()).contains("invalid-request").contains("URL");
        }
        assertThat(call("POST", "/v1/tokens", null).statusCode()).as("logging in passes the edge").isNotEqualTo(401);
    }
}
