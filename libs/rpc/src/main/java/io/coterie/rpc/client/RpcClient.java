package io.coterie.rpc.client;

import io.coterie.api.ProblemType;
import io.coterie.auth.StoreKeys;
import io.coterie.naming.InvalidNameException;
import io.coterie.naming.NamePath;
import io.coterie.rpc.RpcOutcome;
import io.coterie.rpc.RpcProblems;
import io.coterie.rpc.RpcWire;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls workloads by name from inside a process (docs/rpc.md, the in-process client): resolves the
 * name through the naming API (remembered for 1 s) and calls the workload directly, with the same
 * headers and outcomes as the gateway. At most once rests on the workload's remembered keys only.
 * A refused connection (nothing was sent) is tried once more on a fresh resolution; nothing else is
 * retried. Keeps connections alive; safe to use from many threads.
 */
public final class RpcClient implements AutoCloseable {

    public static final Duration RESOLVE_MAX_AGE = Duration.ofSeconds(1);

    private final String token;
    private final HttpClient http;
    private final NameResolver resolver;
    private final JsonMapper json = JsonMapper.builder().build();

    private RpcClient(URI gateway, String token, HttpClient http, Duration resolveMaxAge) {
        this.token = token;
        this.http = http;
        this.resolver = gateway == null ? null : new NameResolver(gateway, token, http, resolveMaxAge);
    }

    /** A client of the gateway {@code gateway} (for resolving names), calling with {@code token}. */
    public static RpcClient create(URI gateway, String token) {
        return new RpcClient(gateway, token, newHttpClient(), RESOLVE_MAX_AGE);
    }

    /** A client that only calls known addresses ({@link #callAt}), never resolving names. */
    public static RpcClient direct(String token) {
        return new RpcClient(null, token, newHttpClient(), RESOLVE_MAX_AGE);
    }

    /** A client from {@code COTERIE_ADDR} and {@code COTERIE_TOKEN}. */
    public static RpcClient fromEnvironment(Map<String, String> env) {
        String address = env.get("COTERIE_ADDR");
        String token = env.get("COTERIE_TOKEN");
        if (address == null || address.isBlank() || token == null || token.isBlank()) {
            throw new IllegalStateException("COTERIE_ADDR and COTERIE_TOKEN must be set to call by name");
        }
        return create(URI.create(address.trim()), token.trim());
    }

    private static HttpClient newHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public RpcResult call(String name, String method, JsonNode argument, CallOptions options) {
        return call(name, method, argument == null ? new byte[0] : json.writeValueAsBytes(argument), options);
    }

    /**
     * Calls {@code method} of the workload bound under {@code name} with a JSON body as sent (empty: null).
     * Never throws for what happens on the way: every failure is a result with its outcome.
     */
    public RpcResult call(String name, String method, byte[] body, CallOptions options) {
        if (resolver == null) {
            throw new IllegalStateException("this client calls known addresses only (RpcClient.direct)");
        }
        long deadline = System.nanoTime() + options.timeout().toNanos();
        String instance = "/v1/rpc" + name + "/" + method;
        RpcResult invalid = invalid(name, method, options);
        if (invalid != null) {
            return invalid;
        }
        boolean retried = false;
        while (true) {
            if (remaining(deadline).isZero()) {
                return problem(ProblemType.DEADLINE_EXCEEDED, RpcOutcome.REJECTED,
                        "the deadline passed before the call was sent", instance, options);
            }
            URI target;
            try {
                target = resolver.instance(name, retried, remaining(deadline));
            } catch (NameResolver.Unresolved e) {
                return new RpcResult(RpcOutcome.REJECTED, e.status, e.body, false);
            } catch (HttpTimeoutException e) {
                return problem(ProblemType.DEADLINE_EXCEEDED, RpcOutcome.REJECTED,
                        "the deadline passed while resolving " + name, instance, options);
            } catch (IOException e) {
                return problem(ProblemType.UNAVAILABLE, RpcOutcome.REJECTED,
                        "cannot resolve " + name + ": " + e.getMessage(), instance, options);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return problem(ProblemType.UNAVAILABLE, RpcOutcome.REJECTED, "interrupted", instance, options);
            }
            if (target == null) {
                return problem(ProblemType.UNAVAILABLE, RpcOutcome.REJECTED,
                        name + " has no instance serving " + RpcWire.PROTOCOL, instance, options);
            }
            try {
                return send(target, method, body, options, deadline);
            } catch (NotSent e) {
                if (retried) {
                    return problem(ProblemType.UNAVAILABLE, RpcOutcome.REJECTED,
                            "cannot connect to " + name + " at " + target + ": " + e.getMessage(), instance, options);
                }
                retried = true;
            }
        }
    }

    /** Calls {@code method} of the workload at {@code address} ({@code http://HOST:PORT}), resolving nothing. */
    public RpcResult callAt(URI address, String method, byte[] body, CallOptions options) {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        Optional<String> badMethod = RpcWire.methodViolation(method);
        if (badMethod.isPresent()) {
            return problem(ProblemType.INVALID_REQUEST, RpcOutcome.REJECTED, badMethod.get(), null, options);
        }
        try {
            return send(address, method, body, options, deadline);
        } catch (NotSent e) {
            return problem(ProblemType.UNAVAILABLE, RpcOutcome.REJECTED,
                    "cannot connect to " + address + ": " + e.getMessage(), "/rpc/" + method, options);
        }
    }

    public RpcResult callAt(URI address, String method, JsonNode argument, CallOptions options) {
        return callAt(address, method, argument == null ? new byte[0] : json.writeValueAsBytes(argument), options);
    }

    /** The answer the gateway would give a call to a name or method that breaks the rules, or null. */
    private RpcResult invalid(String name, String method, CallOptions options) {
        try {
            NamePath.of(name);
        } catch (InvalidNameException e) {
            return problem(ProblemType.INVALID_NAME, RpcOutcome.REJECTED, e.getMessage(), null, options);
        }
        if (name.startsWith(StoreKeys.SYSTEM_NAMES)) {
            return problem(ProblemType.FORBIDDEN, RpcOutcome.REJECTED, "names under /sys/ cannot be called", null, options);
        }
        return RpcWire.methodViolation(method)
                .map(rule -> problem(ProblemType.INVALID_REQUEST, RpcOutcome.REJECTED, rule, null, options))
                .orElse(null);
    }

    /** The connection could not be made: the workload got nothing, so trying elsewhere is safe. */
    private static final class NotSent extends Exception {
        NotSent(String message) {
            super(message, null, false, false);
        }
    }

    private RpcResult send(URI target, String method, byte[] body, CallOptions options, long deadline) throws NotSent {
        String instance = "/rpc/" + method;
        Duration left = remaining(deadline);
        if (left.isZero()) {
            return problem(ProblemType.DEADLINE_EXCEEDED, RpcOutcome.REJECTED,
                    "the deadline passed before the call was sent", instance, options);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(RpcWire.CALL_PATH + method)).timeout(left)
                .header("Authorization", "Bearer " + token)
                .header(RpcWire.TIMEOUT_HEADER, Long.toString(Math.max(1, left.toMillis())))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (body.length > 0) {
            request.header("Content-Type", RpcWire.JSON);
        }
        if (options.idempotencyKey() != null) {
            request.header(RpcWire.IDEMPOTENCY_KEY_HEADER, options.idempotencyKey());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new NotSent("connecting timed out");
        } catch (HttpTimeoutException e) {
            return problem(ProblemType.OUTCOME_UNKNOWN, RpcOutcome.UNKNOWN,
                    "the workload did not answer by the deadline; the call may have run", instance, options);
        } catch (IOException e) {
            if (refused(e)) {
                throw new NotSent(String.valueOf(e.getMessage()));
            }
            return problem(ProblemType.WORKLOAD_FAILED, RpcOutcome.UNKNOWN,
                    "the connection to the workload failed after the call was sent: " + e, instance, options);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return problem(ProblemType.OUTCOME_UNKNOWN, RpcOutcome.UNKNOWN, "interrupted while waiting", instance, options);
        }
        RpcOutcome outcome = RpcOutcome.fromWire(response.headers().firstValue(RpcWire.OUTCOME_HEADER).orElse(null));
        boolean replayed = response.headers().firstValue(RpcWire.REPLAYED_HEADER).map("true"::equals).orElse(false);
        return new RpcResult(outcome, response.statusCode(), response.body(), replayed);
    }

    private static boolean refused(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static Duration remaining(long deadline) {
        long left = deadline - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    private RpcResult problem(ProblemType type, RpcOutcome outcome, String detail, String instance, CallOptions options) {
        return new RpcResult(outcome, type.status(),
                RpcProblems.document(json, type, type.status(), outcome, detail, instance, options.idempotencyKey()), false);
    }

    /** Nothing to release on JDK 17 (its HTTP client has no close); here for try-with-resources and later JDKs. */
    @Override
    public void close() {
    }
}
