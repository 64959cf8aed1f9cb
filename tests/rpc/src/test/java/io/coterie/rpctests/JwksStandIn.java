package io.coterie.rpctests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.coterie.auth.StoreKeys;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.KeyValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Stands in for the identity service, of which workloads need only {@code GET /v1/jwks} (through
 * the gateway, to check their callers' tokens): the key set the test store publishes, and a
 * readiness probe for the gateway's load balancer.
 */
final class JwksStandIn implements AutoCloseable {

    private final HttpServer server;
    private final ConsensusClient store;

    JwksStandIn(ConsensusClient store) {
        this.store = store;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/jwks", this::jwks);
        server.createContext("/actuator/health/readiness", exchange -> answer(exchange, 200, "{\"status\":\"UP\"}"));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void jwks(HttpExchange exchange) throws IOException {
        Optional<KeyValue> keys = store.get(StoreKeys.JWKS).join();
        answer(exchange, keys.isPresent() ? 200 : 503, keys.map(KeyValue::valueAsString).orElse("{}"));
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
