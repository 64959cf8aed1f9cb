package io.coterie.rpc.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.coterie.api.ProblemType;
import io.coterie.auth.Action;
import io.coterie.rpc.RpcOutcome;
import io.coterie.rpc.RpcWire;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.NullNode;

/** One exchange of docs/rpc.md's workload side: {@code POST /rpc/{method}} and {@code GET /health}. */
final class RpcExchangeHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RpcExchangeHandler.class);
    /** How much of a too-large body is read and dropped so the 413 reaches the client. */
    private static final long OVERFLOW_DISCARD_BYTES = 4L * 1024 * 1024;
    private static final byte[] HEALTHY = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);

    private final String name;
    private final Map<String, RpcMethod> methods;
    private final TokenVerifier verifier;
    private final IdempotencyMemory memory;
    private final ObjectMapper json;
    private final ProblemAnswers problems;
    private final AtomicInteger inFlight = new AtomicInteger();

    RpcExchangeHandler(String name, Map<String, RpcMethod> methods, TokenVerifier verifier, IdempotencyMemory memory,
                       ObjectMapper json) {
        this.name = name;
        this.methods = Map.copyOf(methods);
        this.verifier = verifier;
        this.memory = memory;
        this.json = json;
        this.problems = new ProblemAnswers(json);
    }

    /** An answer and what goes with it on the wire. */
    private record Reply(RpcAnswer answer, boolean replayed, Map<String, String> headers) {
        static Reply of(RpcAnswer answer) {
            return new Reply(answer, false, Map.of());
        }
    }

    /** A request refused before its method could start. */
    private static final class Refusal extends Exception {
        final Reply reply;

        Refusal(Reply reply) {
            super(null, null, false, false);
            this.reply = reply;
        }
    }

    /** Exchanges being handled now. */
    int inFlight() {
        return inFlight.get();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        try {
            handleCounted(exchange);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void handleCounted(HttpExchange exchange) throws IOException {
        long arrival = ArrivalStampingExecutor.arrivalNanos();
        String path = exchange.getRequestURI().getRawPath();
        Reply reply;
        try {
            reply = route(exchange, path, arrival);
        } catch (Refusal refusal) {
            reply = refusal.reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Only a wait for another call with the same key is interruptible: this call itself did not run.
            reply = Reply.of(problems.answer(ProblemType.UNAVAILABLE, RpcOutcome.REJECTED,
                    "the workload is stopping", path, exchange.getRequestHeaders().getFirst(RpcWire.IDEMPOTENCY_KEY_HEADER)));
        } catch (RuntimeException | Error e) {
            LOG.error("Failed handling {} {}", exchange.getRequestMethod(), path, e);
            reply = Reply.of(problems.answer(ProblemType.INTERNAL, RpcOutcome.UNKNOWN,
                    "the RPC server failed; see the workload's log", path, null));
        }
        send(exchange, reply);
    }

    private Reply route(HttpExchange exchange, String path, long arrival) throws Refusal, InterruptedException {
        String verb = exchange.getRequestMethod();
        if (path.equals(RpcWire.HEALTH_PATH)) {
            requireVerb(verb, "GET", path);
            return Reply.of(new RpcAnswer(200, RpcOutcome.EXECUTED, RpcWire.JSON, HEALTHY));
        }
        if (!path.startsWith(RpcWire.CALL_PATH)) {
            throw refuse(ProblemType.NOT_FOUND, "no route " + path + "; calls are POST /rpc/{method}", path, null);
        }
        requireVerb(verb, "POST", path);
        return call(exchange, path.substring(RpcWire.CALL_PATH.length()), path, arrival);
    }

    private Reply call(HttpExchange exchange, String methodName, String path, long arrival)
            throws Refusal, InterruptedException {
        String key = exchange.getRequestHeaders().getFirst(RpcWire.IDEMPOTENCY_KEY_HEADER);
        if (key != null && RpcWire.keyViolation(key).isPresent()) {
            throw refuse(ProblemType.INVALID_REQUEST, RpcWire.keyViolation(key).get(), path, null);
        }
        Caller caller = authenticate(exchange, path, key);
        if (!caller.grants().allows(Action.CALL, name)) {
            throw refuse(ProblemType.FORBIDDEN, "the token of '" + caller.subject() + "' does not grant call on " + name,
                    path, key);
        }
        Optional<String> badMethod = RpcWire.methodViolation(methodName);
        if (badMethod.isPresent()) {
            throw refuse(ProblemType.INVALID_REQUEST, badMethod.get(), path, key);
        }
        RpcMethod method = methods.get(methodName);
        if (method == null) {
            throw refuse(ProblemType.NOT_FOUND, name + " has no method '" + methodName + "'", path, key);
        }
        Duration timeout;
        try {
            timeout = RpcWire.parseTimeout(exchange.getRequestHeaders().getFirst(RpcWire.TIMEOUT_HEADER));
        } catch (IllegalArgumentException e) {
            throw refuse(ProblemType.INVALID_REQUEST, e.getMessage(), path, key);
        }
        long deadline = arrival + timeout.toNanos();
        byte[] body = readBody(exchange, path, key);
        JsonNode argument = parse(body, path, key);
        CallContext context = new CallContext(caller.subject(), methodName, key, deadline);
        if (context.expired()) {
            throw refuse(ProblemType.DEADLINE_EXCEEDED, "the call's deadline passed before it could start", path, key);
        }
        if (key == null) {
            return Reply.of(run(method, argument, context, path));
        }
        IdempotencyMemory.Claim claim = memory.claim(caller.subject(), key, RpcWire.requestSha256(methodName, body), deadline);
        if (claim instanceof IdempotencyMemory.Reused) {
            throw refuse(ProblemType.IDEMPOTENCY_KEY_REUSED, "the Idempotency-Key was used for a different method or body",
                    path, key);
        }
        if (claim instanceof IdempotencyMemory.StillRunning) {
            return Reply.of(problems.answer(ProblemType.OUTCOME_UNKNOWN, RpcOutcome.UNKNOWN,
                    "the first call with this key was still running at this call's deadline; retry with the key",
                    path, key));
        }
        if (claim instanceof IdempotencyMemory.Remembered remembered) {
            return new Reply(remembered.answer(), true, Map.of());
        }
        IdempotencyMemory.First first = (IdempotencyMemory.First) claim;
        RpcAnswer answer;
        try {
            answer = run(method, argument, context, path);
        } catch (RuntimeException | Error e) {
            first.release();
            throw e;
        }
        first.finish(answer);
        return Reply.of(answer);
    }

    private RpcAnswer run(RpcMethod method, JsonNode argument, CallContext context, String path) {
        // Waiting for a first call with the same key may have used up the budget: do not start now.
        if (context.expired()) {
            return problems.answer(ProblemType.DEADLINE_EXCEEDED, RpcOutcome.REJECTED,
                    "the call's deadline passed before it could start", path, context.idempotencyKey());
        }
        try {
            JsonNode result = method.call(argument, context);
            return new RpcAnswer(200, RpcOutcome.EXECUTED, RpcWire.JSON,
                    json.writeValueAsBytes(result == null ? NullNode.getInstance() : result));
        } catch (RpcRejectedException e) {
            return problems.answer(ProblemType.INVALID_REQUEST, RpcOutcome.REJECTED, e.getMessage(), path,
                    context.idempotencyKey());
        } catch (Exception | StackOverflowError e) {
            LOG.error("Method {} of {} failed (caller {}, key {})", context.method(), name, context.principal(),
                    context.idempotencyKey(), e);
            return problems.answer(ProblemType.WORKLOAD_FAILED, 500, RpcOutcome.UNKNOWN,
                    "method " + context.method() + " failed after it started; see the workload's log", path,
                    context.idempotencyKey());
        }
    }

    private Caller authenticate(HttpExchange exchange, String path, String key) throws Refusal {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.length() <= 7) {
            throw unauthorized("a call needs Authorization: Bearer TOKEN", path, key);
        }
        try {
            return verifier.verify(authorization.substring(7).trim());
        } catch (InvalidTokenException e) {
            throw unauthorized(e.getMessage(), path, key);
        } catch (VerifierUnavailableException e) {
            LOG.warn("Cannot verify tokens now: {}", e.getMessage());
            throw new Refusal(new Reply(problems.answer(ProblemType.UNAVAILABLE, RpcOutcome.REJECTED,
                    "the workload cannot read the signing keys to check tokens yet", path, key),
                    false, Map.of("Retry-After", "1")));
        }
    }

    private byte[] readBody(HttpExchange exchange, String path, String key) throws Refusal {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(RpcWire.MAX_BODY_BYTES + 1);
            if (body.length > RpcWire.MAX_BODY_BYTES) {
                discardOverflow(in);
                throw tooLarge(path, key);
            }
        } catch (IOException e) {
            throw refuse(ProblemType.INVALID_REQUEST, "could not read the request body: " + e.getMessage(), path, key);
        }
        if (body.length > 0) {
            requireJsonContentType(exchange.getRequestHeaders().getFirst("Content-Type"), path, key);
        }
        return body;
    }

    /**
     * Reads and drops what is left of a body that is too large, up to a bound: a client that sends
     * the whole body before reading the answer then gets its 413 instead of a reset connection.
     * Beyond the bound the server closes the connection.
     */
    private static void discardOverflow(InputStream in) throws IOException {
        long left = OVERFLOW_DISCARD_BYTES;
        byte[] sink = new byte[16 * 1024];
        int read;
        while (left > 0 && (read = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
            left -= read;
        }
    }

    private void requireJsonContentType(String contentType, String path, String key) throws Refusal {
        if (contentType == null) {
            return; // lenient: curl and simple callers often send none
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals(RpcWire.JSON) && !(type.startsWith("application/") && type.endsWith("+json"))) {
            throw refuse(ProblemType.UNSUPPORTED_MEDIA_TYPE, "the body must be application/json, not " + contentType,
                    path, key);
        }
    }

    private JsonNode parse(byte[] body, String path, String key) throws Refusal {
        if (body.length == 0) {
            return NullNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw refuse(ProblemType.INVALID_REQUEST, "the body is not valid JSON: " + e.getOriginalMessage(), path, key);
        }
    }

    private void requireVerb(String verb, String allowed, String path) throws Refusal {
        if (!verb.equals(allowed)) {
            throw new Refusal(new Reply(problems.answer(ProblemType.METHOD_NOT_ALLOWED, RpcOutcome.REJECTED,
                    path + " answers " + allowed + " only", path, null), false, Map.of("Allow", allowed)));
        }
    }

    private Refusal tooLarge(String path, String key) {
        return refuse(ProblemType.PAYLOAD_TOO_LARGE, "the body is larger than " + RpcWire.MAX_BODY_BYTES + " bytes",
                path, key);
    }

    private Refusal unauthorized(String detail, String path, String key) {
        return new Refusal(new Reply(problems.answer(ProblemType.UNAUTHORIZED, RpcOutcome.REJECTED, detail, path, key),
                false, Map.of("WWW-Authenticate", "Bearer")));
    }

    private Refusal refuse(ProblemType type, String detail, String path, String key) {
        return new Refusal(Reply.of(problems.answer(type, RpcOutcome.REJECTED, detail, path, key)));
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        RpcAnswer answer = reply.answer();
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", answer.contentType());
        headers.set(RpcWire.OUTCOME_HEADER, answer.outcome().wire());
        if (reply.replayed()) {
            headers.set(RpcWire.REPLAYED_HEADER, "true");
        }
        reply.headers().forEach(headers::set);
        try {
            // Length 0 would mean chunked to the JDK server; -1 means no body.
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        } finally {
            exchange.close();
        }
    }
}
