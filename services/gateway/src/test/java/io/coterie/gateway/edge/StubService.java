package io.coterie.gateway.edge;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.naming.ServiceRegistrar;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in service instance: a real HTTP server, always ready, answering API calls as told and
 * remembering what it received. Registered under {@code /sys/services/NAME/} like a real service.
 */
public final class StubService implements AutoCloseable {

    public interface Answer {
        void answer(HttpExchange exchange) throws IOException;
    }

    /** What arrived: method, path with query, headers, body size. */
    public record Seen(String method, String path, Headers headers, int bodyBytes) {
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Answer answer;
    private ServiceRegistrar registration;

    private StubService(Answer answer) throws IOException {
        this.answer = answer;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(threads);
        server.createContext("/actuator/health/readiness", exchange -> send(exchange, 200, "{\"status\":\"UP\"}"));
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(), exchange.getRequestHeaders(), body.length));
            this.answer.answer(exchange);
        });
        server.start();
    }

    public static StubService start(Answer answer) throws IOException {
        return new StubService(answer);
    }

    /** Registers this instance as {@code /sys/services/SERVICE/INSTANCE}, as a real service does. */
    public StubService register(ConsensusClient store, String service, String instance) throws InterruptedException {
        registration = ServiceRegistrar.builder(store, service, instance).address("127.0.0.1").port(port()).build().start();
        if (!registration.awaitRegistered(Duration.ofSeconds(10))) {
            throw new IllegalStateException(service + "/" + instance + " did not register");
        }
        return this;
    }

    public void answer(Answer answer) {
        this.answer = answer;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public long count(String method, String pathPrefix) {
        return seen.stream().filter(s -> s.method().equals(method) && s.path().startsWith(pathPrefix)).count();
    }

    public static Answer json(int status, String json) {
        return exchange -> send(exchange, status, json);
    }

    /** Holds the answer until {@code release} opens (or the stub closes), then answers 200. */
    public Answer heldUntil(CountDownLatch release) {
        return exchange -> {
            try {
                while (!release.await(50, TimeUnit.MILLISECONDS) && closing.getCount() > 0) {
                    // waiting for the test to let the answer go
                }
                send(exchange, 200, "{\"held\":true}");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                exchange.close(); // the caller gave up first
            }
        };
    }

    /** A Server-Sent Events stream: headers at once, then an event every {@code every}, until the caller goes. */
    public Answer stream(Duration every) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                for (int i = 0; closing.getCount() > 0; i++) {
                    out.write(("event: put\nid: " + i + "\ndata: {\"n\":" + i + "}\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (closing.await(every.toMillis(), TimeUnit.MILLISECONDS)) {
                        break;
                    }
                }
            } catch (IOException e) {
                // the caller went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        };
    }

    public static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Unregisters, then stops. */
    @Override
    public void close() {
        closing.countDown();
        if (registration != null) {
            registration.close();
        }
        server.stop(0);
        threads.shutdownNow();
    }
}
