package io.coterie.testsupport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls to a service under test with one token (or none), and the checks every test makes of
 * answers: {@link #ok}, {@link #status} and {@link #problem} (a problem document, no stack trace).
 */
public final class Http {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    /** The services speak HTTP/1.1: no point in offering an h2c upgrade with every request. */
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** For services a test kills or starts: connecting to a port nobody answers on gives up soon. */
    private static final HttpClient IMPATIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final URI base;
    private final String token;
    private final Duration timeout;

    private Http(URI base, String token, Duration timeout) {
        this.base = base;
        this.token = token;
        this.timeout = timeout;
    }

    /** Calls to {@code base} (paths resolved against it) with {@code token}, or with no Authorization if null. */
    public Http(URI base, String token) {
        this(base, token, null);
    }

    /** Calls to {@code http://127.0.0.1:port}. */
    public Http(int port, String token) {
        this(URI.create("http://127.0.0.1:" + port + "/"), token);
    }

    /** The same calls with another token (null: none). */
    public Http as(String otherToken) {
        return new Http(base, otherToken, timeout);
    }

    /** The same calls, giving up on connecting after 2 s and on an answer after {@code answer}. */
    public Http timingOut(Duration answer) {
        return new Http(base, token, answer);
    }

    private HttpClient client() {
        return timeout == null ? CLIENT : IMPATIENT;
    }

    public URI uri(String path) {
        return base.resolve(path);
    }

    /** A request to {@code path} carrying the token (and the timeout, if any). */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path));
        if (timeout != null) {
            builder.timeout(timeout);
        }
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE().build());
    }

    public HttpResponse<String> putJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public HttpResponse<String> putBytes(String path, byte[] bytes, String contentType) {
        return send(request(path).header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    /** Fails with {@link IOException} when the service cannot be reached, for tests that expect it to die. */
    public HttpResponse<String> trySend(HttpRequest request) throws IOException {
        try {
            return client().send(request, HttpResponse.BodyHandlers.ofString());
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

    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return client().send(request, body);
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether {@code /actuator/health/readiness} answers 200 within 2 s; false while nothing answers
     * on the port (a service starting up, or gone).
     */
    public boolean ready() {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri("/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build();
            return IMPATIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asserts the status and answers the body as JSON. */
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
