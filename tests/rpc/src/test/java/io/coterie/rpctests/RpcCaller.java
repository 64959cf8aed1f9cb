package io.coterie.rpctests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A caller of {@code POST /v1/rpc/{name}/{method}} on the gateway, over kept-alive HTTP/1.1. */
final class RpcCaller {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** One answer, and how long it took from sending to the last byte. */
    record Answer(int status, String outcome, String body, HttpHeaders headers, long millis) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        boolean executed() {
            return status == 200 && "executed".equals(outcome);
        }

        @Override
        public String toString() {
            return status + " " + outcome + " " + body;
        }
    }

    private final String gateway;
    private final String token;

    RpcCaller(String gateway, String token) {
        this.gateway = gateway;
        this.token = token;
    }

    RpcCaller as(String otherToken) {
        return new RpcCaller(gateway, otherToken);
    }

    HttpRequest.Builder request(String name, String method) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gateway + "/v1/rpc" + name + "/" + method))
                .timeout(Duration.ofSeconds(60));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    /** Throws IOException when the gateway cannot be reached (killed, restarting). */
    Answer call(String name, String method, String body, String key, Integer timeoutMillis) throws IOException {
        HttpRequest.Builder builder = request(name, method).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            builder.header("Idempotency-Key", key);
        }
        if (timeoutMillis != null) {
            builder.header("Coterie-Timeout", timeoutMillis.toString());
        }
        return send(builder.build());
    }

    Answer send(HttpRequest request) throws IOException {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Coterie-Outcome").orElse(null),
                    response.body(), response.headers(), (System.nanoTime() - started) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The robot's speed, asked without a key. */
    long speed(String name) throws IOException {
        Answer answer = call(name, "speed.get", "", null, null);
        if (!answer.executed()) {
            throw new IllegalStateException("speed.get on " + name + " answered " + answer);
        }
        return answer.json().get("speed").asLong();
    }
}
