package io.coterie.cli.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** A tiny HTTP server for checking what the CLI sends and how it reads answers. */
public final class StubServer implements AutoCloseable {

    /** What arrived: the raw (still percent-encoded) path and query, as the wire had them. */
    public record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String target() {
            return rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
        }
    }

    /** A canned answer; {@code streamer}, when set, writes a streaming body itself. */
    public record Response(int status, String contentType, byte[] body, Streamer streamer, Map<String, String> headers) {

        public Response(int status, String contentType, byte[] body, Streamer streamer) {
            this(status, contentType, body, streamer, Map.of());
        }

        /** The same answer with one more header. */
        public Response with(String name, String value) {
            Map<String, String> more = new java.util.LinkedHashMap<>(headers);
            more.put(name, value);
            return new Response(status, contentType, body, streamer, more);
        }

        public static Response json(int status, String json) {
            return new Response(status, "application/json", json.getBytes(StandardCharsets.UTF_8), null);
        }

        public static Response problem(int status, String slug, String detail) {
            String json = "{\"type\":\"https://coterie.dev/problems/" + slug + "\",\"title\":\"" + slug
                    + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"instance\":\"/v1/x\"}";
            return new Response(status, "application/problem+json", json.getBytes(StandardCharsets.UTF_8), null);
        }

        public static Response stream(Streamer streamer) {
            return new Response(200, "text/event-stream", null, streamer);
        }
    }

    @FunctionalInterface
    public interface Streamer {
        void write(OutputStream out) throws IOException;
    }

    static {
        // Without it the JDK server writes headers and body in two segments and Nagle holds the second
        // for the client's delayed ACK: 40 ms per request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Response> handler = r -> Response.json(404, "{}");

    public StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public StubServer answer(Function<Request, Response> handler) {
        this.handler = handler;
        return this;
    }

    public String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests() {
        return requests;
    }

    public Request onlyRequest() {
        if (requests.size() != 1) {
            throw new AssertionError("expected one request, got " + requests.size() + ": " + requests);
        }
        return requests.get(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()),
                    exchange.getRequestBody().readAllBytes());
            requests.add(request);
            Response response = handler.apply(request);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            response.headers().forEach(exchange.getResponseHeaders()::set);
            if (response.streamer() != null) {
                exchange.sendResponseHeaders(response.status(), 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    response.streamer().write(out);
                }
                return;
            }
            byte[] body = response.body();
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
