package io.coterie.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Each principal may send a burst of 3, then a request every 5 s (these settings); beyond that it
 * gets 429 {@code rate-limited} with Retry-After, on routes and on the gateway's own paths alike,
 * while other principals go on. Callers without a token are counted by address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RateLimitsTest {

    private static final int BURST = 3;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("coterie.store.members", () -> SharedStore.get().members);
        registry.add("coterie.gateway.rate-limit.per-second", () -> "0.2");
        registry.add("coterie.gateway.rate-limit.burst", () -> BURST);
    }

    @LocalServerPort
    int port;

    @Autowired
    PrincipalRateLimits limits;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> call(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> as(String principal, String path) throws Exception {
        return call("GET", path, "Bearer " + SharedStore.get().token(principal));
    }

    @Test
    void aPrincipalOverItsBurstGets429WithRetryAfterAndOthersGoOn() throws Exception {
        for (int i = 0; i < BURST; i++) {
            assertThat(as("rate-alice", "/v1/kv/a").statusCode()).as("call %d of the burst passes the edge", i).isNotEqualTo(429);
        }
        HttpResponse<String> limited = as("rate-alice", "/v1/names/a");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(limited.body()).contains("https://coterie.dev/problems/rate-limited").contains("rate-alice");
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 5L);
        assertThat(as("rate-alice", "/v1/openapi.json").statusCode()).as("the gateway's own paths count too").isEqualTo(429);
        assertThat(as("rate-alice", "/v1/rpc/robots/r1/speed.get").statusCode()).as("and RPC").isEqualTo(429);

        assertThat(as("rate-bob", "/v1/kv/a").statusCode()).as("another principal").isNotEqualTo(429);
        assertThat(call("GET", "/actuator/health/readiness", null).statusCode()).as("probes are never limited").isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> as("rate-alice", "/v1/kv/a").statusCode() != 429);
    }

    @Test
    void callersWithoutATokenAreCountedByAddress() throws Exception {
        int passed = 0;
        HttpResponse<String> last;
        do {
            last = call("POST", "/v1/tokens", "Basic cm9vdDp3cm9uZw==");
            passed += last.statusCode() == 429 ? 0 : 1;
        } while (last.statusCode() != 429 && passed <= BURST);
        assertThat(passed).isEqualTo(BURST);
        assertThat(last.body()).contains("rate-limited").contains("127.0.0.1");
        assertThat(limits.tryAcquire("ip:127.0.0.1")).as("the same bucket the gRPC front end would use").isPresent();
    }
}
