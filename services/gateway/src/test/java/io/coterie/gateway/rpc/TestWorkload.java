package io.coterie.gateway.rpc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A workload on a real socket that speaks the workload side of docs/rpc.md as far as the gateway
 * can tell: {@code count} counts, {@code slow} counts after {@link #delayMillis} (once per key,
 * as libs/rpc remembers keys), {@code refuse}
 * refuses its argument, {@code fail} fails after starting, {@code flaky} fails while {@link
 * #failing} (slowly, like a struggling backend). It keeps what reached it.
 */
final class TestWorkload implements AutoCloseable {

    /** One call as it reached the workload. */
    record Seen(String method, String authorization, String timeout, String key, String body) {
    }

    final List<Seen> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger counter = new AtomicInteger();
    private final Map<String, CompletableFuture<String>> remembered = new ConcurrentHashMap<>();
    volatile long delayMillis = 1000;
    volatile boolean failing = true;

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

    TestWorkload() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(handlers);
        server.createContext("/rpc/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    long executions(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestURI().getPath().substring("/rpc/".length());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        var headers = exchange.getRequestHeaders();
        calls.add(new Seen(method, headers.getFirst("Authorization"), headers.getFirst("Coterie-Timeout"),
                headers.getFirst("Idempotency-Key"), body));
        switch (method) {
            case "echo" -> answer(exchange, 200, "executed", "application/json", body);
            case "count" -> answer(exchange, 200, "executed", "application/json", "{\"n\":" + counter.incrementAndGet() + "}");
            case "slow" -> slow(exchange, headers.getFirst("Idempotency-Key"));
            case "refuse" -> answer(exchange, 400, "rejected", "application/problem+json",
                    "{\"type\":\"https://coterie.dev/problems/invalid-request\",\"title\":\"Invalid request\",\"status\":400,"
                            + "\"detail\":\"speed must be positive\",\"outcome\":\"rejected\"}");
            case "fail" -> answer(exchange, 500, "unknown", "application/problem+json",
                    "{\"type\":\"https://coterie.dev/problems/workload-failed\",\"title\":\"Workload failed\",\"status\":500,"
                            + "\"detail\":\"method fail failed after it started\",\"outcome\":\"unknown\"}");
            case "flaky" -> {
                if (failing) {
                    later.schedule(() -> answer(exchange, 500, "unknown", "application/problem+json",
                            "{\"type\":\"https://coterie.dev/problems/workload-failed\",\"status\":500}"), delayMillis, TimeUnit.MILLISECONDS);
                } else {
                    answer(exchange, 200, "executed", "application/json", "\"fine\"");
                }
            }
            default -> answer(exchange, 404, "rejected", "application/problem+json",
                    "{\"type\":\"https://coterie.dev/problems/not-found\",\"status\":404,\"detail\":\"no method " + method + "\"}");
        }
    }

    /** Like libs/rpc, a duplicate of a keyed call gets the first one's result, waiting for it if need be. */
    private void slow(HttpExchange exchange, String key) {
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> result = key == null ? mine : remembered.computeIfAbsent(key, k -> mine);
        if (result == mine) {
            later.schedule(() -> mine.complete("{\"n\":" + counter.incrementAndGet() + "}"), delayMillis, TimeUnit.MILLISECONDS);
        }
        result.thenAccept(body -> answer(exchange, 200, "executed", "application/json", body));
    }

    private static void answer(HttpExchange exchange, int status, String outcome, String contentType, String body) {
        try {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Coterie-Outcome", outcome);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // The gateway hung up (its caller's deadline passed): nothing to answer to.
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        later.shutdownNow();
        handlers.shutdownNow();
    }
}
