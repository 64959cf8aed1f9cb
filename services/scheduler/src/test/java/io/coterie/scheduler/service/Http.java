package io.coterie.scheduler.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls to a scheduler instance with one token, and the checks every test makes of answers. */
public final class Http {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final URI base;
    private final String token;

    public Http(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public Http as(String otherToken) {
        return new Http(base, otherToken);
    }

    public URI uri(String path) {
        return base.resolve(path);
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE().build());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Fails with {@link IOException} when the instance cannot be reached, for tests that expect it to die. */
    public HttpResponse<String> trySend(HttpRequest request) throws IOException {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return trySend(request);
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        }
    }

    public static JsonNode status(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.request().method() + " " + response.request().uri() + ": " + response.body())
                .isEqualTo(status);
        return JSON.readTree(response.body());
    }

    public static JsonNode ok(HttpResponse<String> response) {
        return status(response, 200);
    }

    /** A refusal: the right status, a problem document of the right type, no stack trace. Returns the document. */
    public static JsonNode problem(HttpResponse<String> response, int status, String type) {
        String call = response.request().method() + " " + response.request().uri();
        assertThat(response.statusCode()).as(call + ": " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(call).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).as(call).isEqualTo("https://coterie.dev/problems/" + type);
        assertThat(problem.get("detail").asString()).as(call).isNotBlank();
        assertThat(response.body()).as(call).doesNotContain("Exception").doesNotContain("\tat ");
        return problem;
    }
}
