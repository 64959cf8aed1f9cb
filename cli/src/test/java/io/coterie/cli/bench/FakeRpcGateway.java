package io.coterie.cli.bench;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import io.coterie.auth.Grants;
import io.coterie.auth.TokenSigner;
import io.coterie.cli.testing.StubServer;
import io.coterie.cli.testing.StubServer.Request;
import io.coterie.cli.testing.StubServer.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Just enough of the gateway for {@code bench rpc}: the signing keys, sessions, binding and
 * resolving names, and {@code /v1/rpc/...} forwarded to the instance a name is bound to.
 */
final class FakeRpcGateway implements AutoCloseable {

    static final long SESSION = 7;

    private final StubServer server = new StubServer();
    private final ECKey key = TokenSigner.newKey("bench-test");
    private final Map<String, byte[]> names = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final JsonMapper json = JsonMapper.builder().build();

    FakeRpcGateway() throws IOException {
        server.answer(this::answer);
    }

    String address() {
        return server.address();
    }

    String adminToken() {
        return TokenSigner.sign(key, "root", Grants.parse(List.of("admin:")), Duration.ofHours(1));
    }

    List<Request> requests() {
        return server.requests();
    }

    /** Binds {@code name} to a workload that is not the bench's own. */
    void bind(String name, String host, int port) {
        names.put(name, entry(host, port).getBytes(StandardCharsets.UTF_8));
    }

    static String entry(String host, int port) {
        return "{\"kind\":\"service\",\"instances\":[{\"id\":\"i0\",\"address\":\"" + host + "\",\"port\":" + port
                + ",\"metadata\":{\"rpc\":\"coterie/1\"}}]}";
    }

    private Response answer(Request request) {
        String path = request.rawPath();
        String call = request.method() + " " + path;
        if (call.equals("GET /v1/jwks")) {
            return Response.json(200, new JWKSet(key.toPublicJWK()).toString(true));
        }
        if (call.equals("POST /v1/sessions")) {
            return Response.json(200, "{\"id\":" + SESSION + ",\"ttlSeconds\":10}");
        }
        if (path.startsWith("/v1/sessions/")) {
            return Response.json(200, "{\"id\":" + SESSION + "}");
        }
        if (path.startsWith("/v1/names/")) {
            String name = path.substring("/v1/names".length());
            if (request.method().equals("PUT")) {
                names.put(name, request.body());
                return Response.json(200, "{\"path\":\"" + name + "\",\"revision\":1}");
            }
            byte[] entry = names.get(name);
            return entry == null ? Response.problem(404, "not-found", name + " is not bound")
                    : new Response(200, "application/json", entry, null);
        }
        if (path.startsWith("/v1/rpc/")) {
            return forward(request, path.substring("/v1/rpc".length()));
        }
        return Response.problem(404, "not-found", "no route " + path);
    }

    private Response forward(Request request, String nameAndMethod) {
        int lastSlash = nameAndMethod.lastIndexOf('/');
        byte[] entry = names.get(nameAndMethod.substring(0, lastSlash));
        if (entry == null) {
            return Response.problem(404, "not-found", "nothing bound").with("Coterie-Outcome", "rejected");
        }
        JsonNode instance = json.readTree(entry).path("instances").get(0);
        URI target = URI.create("http://" + instance.path("address").asString() + ":" + instance.path("port").asInt()
                + "/rpc/" + nameAndMethod.substring(lastSlash + 1));
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(target).POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (String header : List.of("Authorization", "Content-Type", "Coterie-Timeout", "Idempotency-Key")) {
            if (request.header(header) != null) {
                forwarded.header(header, request.header(header));
            }
        }
        try {
            HttpResponse<byte[]> answer = http.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(answer.statusCode(), answer.headers().firstValue("Content-Type").orElse("application/json"),
                    answer.body(), null).with("Coterie-Outcome", answer.headers().firstValue("Coterie-Outcome").orElse("unknown"));
        } catch (IOException | InterruptedException e) {
            return Response.problem(502, "workload-failed", e.toString()).with("Coterie-Outcome", "unknown");
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
