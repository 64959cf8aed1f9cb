package io.coterie.gateway.edge;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A gateway on a random port with small limits, against the shared store; stand-in services
 * register themselves in it. Every subclass shares one application context (settings are declared
 * here only), and each uses its own service so that circuits and bulkheads do not mix.
 *
 * <p>Settings: 64 KiB bodies on routes; a 2 s default response timeout; the merged OpenAPI document
 * kept for 1 s; scheduler's circuit judges
 * the last 4 calls and stays open 3 s; consensus's bulkhead holds 2 calls; naming's instances are
 * probed for readiness on one always-ready port, so that an instance whose port refuses
 * connections stays in rotation (the load balancer would otherwise drop it before a call met it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class EdgeTestSupport {

    protected static final long MAX_BODY = 64 * 1024;
    protected static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(2);
    protected static final Duration CIRCUIT_OPEN_FOR = Duration.ofSeconds(3);
    protected static final int CONSENSUS_BULKHEAD = 2;

    private static HttpServer alwaysReady;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("coterie.store.members", () -> SharedStore.get().members);
        registry.add("coterie.gateway.max-request-size", () -> MAX_BODY + "B");
        registry.add("coterie.gateway.response-timeout", () -> RESPONSE_TIMEOUT.toMillis() + "ms");
        registry.add("coterie.gateway.openapi.cache-for", () -> "1s");
        registry.add("resilience4j.circuitbreaker.instances.scheduler.base-config", () -> "default");
        registry.add("resilience4j.circuitbreaker.instances.scheduler.sliding-window-size", () -> "4");
        registry.add("resilience4j.circuitbreaker.instances.scheduler.minimum-number-of-calls", () -> "4");
        registry.add("resilience4j.circuitbreaker.instances.scheduler.wait-duration-in-open-state", () -> CIRCUIT_OPEN_FOR.toMillis() + "ms");
        registry.add("resilience4j.circuitbreaker.instances.scheduler.permitted-number-of-calls-in-half-open-state", () -> "1");
        registry.add("resilience4j.bulkhead.instances.consensus.base-config", () -> "default");
        registry.add("resilience4j.bulkhead.instances.consensus.max-concurrent-calls", () -> CONSENSUS_BULKHEAD);
        registry.add("spring.cloud.loadbalancer.clients.naming.health-check.port", EdgeTestSupport::alwaysReadyPort);
        registry.add("spring.cloud.loadbalancer.clients.naming.health-check.path.default", () -> "/actuator/health/readiness");
        registry.add("spring.cloud.loadbalancer.clients.naming.health-check.interval", () -> "2s");
        registry.add("spring.cloud.loadbalancer.clients.naming.health-check.initial-delay", () -> "0s");
        registry.add("spring.cloud.loadbalancer.clients.naming.health-check.refetch-instances", () -> "true");
        registry.add("spring.cloud.loadbalancer.clients.naming.health-check.refetch-instances-interval", () -> "2s");
    }

    private static synchronized int alwaysReadyPort() {
        if (alwaysReady == null) {
            try {
                alwaysReady = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            alwaysReady.createContext("/", exchange -> StubService.send(exchange, 200, "{\"status\":\"UP\"}"));
            alwaysReady.start();
        }
        return alwaysReady.getAddress().getPort();
    }

    @LocalServerPort
    protected int port;

    protected final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    protected SharedStore store() {
        return SharedStore.get();
    }

    protected HttpRequest.Builder request(String path, String principal) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
        return principal == null ? request : request.header("Authorization", "Bearer " + store().token(principal));
    }

    protected HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<String> get(String path, String principal) {
        return send(request(path, principal).GET());
    }

    protected HttpResponse<String> post(String path, String principal, String json) {
        return send(request(path, principal).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }
}
