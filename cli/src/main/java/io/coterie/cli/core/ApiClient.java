package io.coterie.cli.core;

import io.coterie.api.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Coterie HTTP API as this CLI uses it: JSON in, JSON out, bearer token, one timeout per
 * request. Non-2xx answers become {@link ProblemException}s; failures to connect become
 * {@link CliException}s with a line a person can act on.
 */
public final class ApiClient {

    private static final String JSON = "application/json";

    private final URI base;
    private final Optional<String> token;
    private final Duration timeout;
    private final HttpClient http;

    public ApiClient(URI base, Optional<String> token, Duration timeout) {
        this(base, token, timeout, newHttpClient(timeout, List.of(base)));
    }

    public ApiClient(URI base, Optional<String> token, Duration timeout, HttpClient http) {
        this.base = base;
        this.token = token;
        this.timeout = timeout;
        this.http = http;
    }

    /** HTTP/1.1 only: the upgrade dance of h2c buys nothing for a CLI and confuses streaming (SSE) through proxies. */
    public static HttpClient newHttpClient(Duration connectTimeout, List<URI> addresses) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (addresses.stream().noneMatch(address -> "https".equalsIgnoreCase(address.getScheme()))) {
            builder.sslContext(NoTlsContext.create());
        }
        return builder.build();
    }

    public URI base() {
        return base;
    }

    public <T> T get(String path, Map<String, ?> query, Class<T> type) {
        Json.prepareInBackground(type);
        return Json.read(send("GET", path, query, null, null), type);
    }

    public <T> T postJson(String path, Object body, Class<T> type) {
        return Json.read(sendJson("POST", path, body), type);
    }

    public byte[] sendJson(String method, String path, Object body) {
        return sendJson(method, path, body, Map.of());
    }

    /** As {@link #sendJson(String, String, Object)}, with {@code headers} replacing the usual ones (see {@link #send(String, String, Map, BodyPublisher, String, Map)}). */
    public byte[] sendJson(String method, String path, Object body, Map<String, String> headers) {
        BodyPublisher publisher = body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body));
        return send(method, path, Map.of(), publisher, body == null ? null : JSON, headers);
    }

    public <T> T delete(String path, Map<String, ?> query, Class<T> type) {
        return Json.read(send("DELETE", path, query, null, null), type);
    }

    /** Sends one request and returns the body of a 2xx answer. */
    public byte[] send(String method, String path, Map<String, ?> query, BodyPublisher body, String contentType) {
        return send(method, path, query, body, contentType, Map.of());
    }

    /**
     * As {@link #send(String, String, Map, BodyPublisher, String)}; {@code headers} replace the usual
     * ones of the same name: another {@code Accept}, or Basic credentials instead of the bearer token.
     */
    public byte[] send(String method, String path, Map<String, ?> query, BodyPublisher body, String contentType,
                       Map<String, String> headers) {
        HttpRequest.Builder request = request(path, query).method(method, body == null ? BodyPublishers.noBody() : body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::setHeader);
        HttpResponse<byte[]> response = exchange(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw problemOf(response.statusCode(), response.body(), response.headers().firstValue("Content-Type").orElse(""));
        }
        return response.body();
    }

    /**
     * Sends one request and hands back the answer whatever its status, for commands that judge the
     * answer's headers themselves ({@code rpc call}). Failing I/O is the caller's to judge too: only
     * it knows whether a request that may have arrived matters.
     */
    public HttpResponse<byte[]> exchange(String method, String path, BodyPublisher body, String contentType,
                                         Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path, Map.of()).method(method, body == null ? BodyPublishers.noBody() : body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::setHeader);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * Opens a streaming GET (the caller reads and closes the body). Only the wait for the answer's
     * headers is bounded by the timeout: a stream may rightly stay quiet for long.
     */
    public InputStream openStream(String path, Map<String, ?> query, Map<String, String> headers) {
        HttpRequest.Builder request = request(path, query).GET();
        headers.forEach(request::setHeader);
        HttpResponse<InputStream> response = exchange(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 != 2) {
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(64 * 1024);
            } catch (IOException e) {
                body = new byte[0];
            }
            throw problemOf(response.statusCode(), body, response.headers().firstValue("Content-Type").orElse(""));
        }
        return response.body();
    }

    private HttpRequest.Builder request(String path, Map<String, ?> query) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path + UrlEncoding.query(query)))
                .timeout(timeout)
                .header("Accept", JSON + ", " + Problem.MEDIA_TYPE);
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return request;
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw ConnectionErrors.describe(base, timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    public static ProblemException problemOf(int status, byte[] body, String contentType) {
        if (body != null && body.length > 0 && (contentType.contains("json"))) {
            try {
                Problem problem = Json.mapper().readValue(body, Problem.class);
                if (problem.detail() != null || problem.title() != null) {
                    return new ProblemException(new Problem(problem.type(), problem.title(),
                            problem.status() == 0 ? status : problem.status(), problem.detail(), problem.instance(),
                            problem.revision()));
                }
            } catch (RuntimeException notAProblem) {
                // Fall through to a made-up problem below.
            }
        }
        return new ProblemException(new Problem(null, null, status, "the server answered HTTP " + status
                + summary(body, contentType), null, null));
    }

    private static String summary(byte[] body, String contentType) {
        if (body == null || body.length == 0 || !(contentType.startsWith("text/plain") || contentType.contains("json"))) {
            return "";
        }
        String text = ProblemException.oneLine(new String(body, 0, Math.min(body.length, 200), java.nio.charset.StandardCharsets.UTF_8));
        return text.isEmpty() ? "" : ": " + text;
    }
}
