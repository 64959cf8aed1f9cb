package io.coterie.rpc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.coterie.auth.Grants;
import io.coterie.auth.TokenSigner;
import io.coterie.rpc.StubGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.StringNode;

/** Every row of docs/rpc.md's workload side, over real sockets. */
class RpcServerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static StubGateway gateway;
    private static RpcServer server;
    private static final AtomicInteger counter = new AtomicInteger();
    private static final AtomicInteger refusals = new AtomicInteger();
    private static final AtomicInteger failures = new AtomicInteger();
    private static volatile CountDownLatch slowGate = new CountDownLatch(0);
    private static final AtomicInteger slowStarts = new AtomicInteger();

    private static String caller;

    @BeforeAll
    static void start() {
        gateway = new StubGateway();
        server = RpcServer.builder().name("/robots/r1").bind("127.0.0.1", 0)
                .tokenVerifier(new JwksTokenVerifier(gateway.address(), gateway.ownToken()))
                .method("echo", (argument, context) -> argument)
                .method("whoami", (argument, context) -> StringNode.valueOf(context.principal() + "/" + context.idempotencyKey()))
                .method("counter.increase", (argument, context) -> IntNode.valueOf(counter.incrementAndGet()))
                .method("refuse", (argument, context) -> {
                    refusals.incrementAndGet();
                    throw new RpcRejectedException("by must be 1 to 100");
                })
                .method("fail", (argument, context) -> {
                    failures.incrementAndGet();
                    throw new IllegalStateException("secret internal detail");
                })
                .method("slow", (argument, context) -> {
                    slowStarts.incrementAndGet();
                    try {
                        slowGate.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return IntNode.valueOf(slowStarts.get());
                })
                .start();
        caller = gateway.token("alice", "call:/robots/");
    }

    @AfterAll
    static void stop() {
        server.close();
        gateway.close();
    }

    @BeforeEach
    void reset() {
        counter.set(0);
        refusals.set(0);
        failures.set(0);
        slowStarts.set(0);
        slowGate = new CountDownLatch(0);
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(30));
    }

    private static HttpResponse<String> post(String method, String token, String body, String... headers) throws Exception {
        HttpRequest.Builder request = request("/rpc/" + method)
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null && !body.isEmpty() && !List.of(headers).contains("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode problem(HttpResponse<String> response, int status, String type, String outcome) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Coterie-Outcome")).hasValue(outcome);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("https://coterie.dev/problems/" + type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("outcome").asString()).isEqualTo(outcome);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return problem;
    }

    private static void executed(HttpResponse<String> response, String body) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Coterie-Outcome")).hasValue("executed");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void health_answers_without_a_token() throws Exception {
        HttpResponse<String> response = HTTP.send(request("/health").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("UP");
    }

    @Test
    void a_call_runs_the_method_and_answers_its_result() throws Exception {
        executed(post("echo", caller, "{\"a\":[1,2]}"), "{\"a\":[1,2]}");
        executed(post("counter.increase", caller, null), "1");
    }

    @Test
    void an_empty_body_is_null() throws Exception {
        executed(post("echo", caller, ""), "null");
    }

    @Test
    void the_method_sees_the_caller_and_the_key() throws Exception {
        executed(post("whoami", caller, null, "Idempotency-Key", "key-1"), "\"alice/key-1\"");
    }

    @Test
    void a_call_without_a_token_is_unauthorized() throws Exception {
        HttpResponse<String> response = post("counter.increase", null, null);

        problem(response, 401, "unauthorized", "rejected");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(counter).hasValue(0);
    }

    @Test
    void tokens_that_are_not_valid_are_unauthorized() throws Exception {
        ECKey stranger = TokenSigner.newKey("k1"); // the same kid as the real key, another key
        List<String> bad = List.of(
                "not-a-jwt",
                TokenSigner.sign(stranger, "mallory", Grants.parse(List.of("admin:")), Duration.ofMinutes(5)),
                TokenSigner.sign(TokenSigner.newKey("unknown"), "mallory", Grants.parse(List.of("admin:")), Duration.ofMinutes(5)),
                expiredToken(),
                tokenWithIssuer("not-coterie"));

        for (String token : bad) {
            problem(post("counter.increase", token, null), 401, "unauthorized", "rejected");
        }
        assertThat(counter).hasValue(0);
    }

    @Test
    void a_token_without_call_on_the_name_is_forbidden() throws Exception {
        for (String token : List.of(gateway.token("bob", "read:/robots/"), gateway.token("bob", "call:/robots/r2"),
                gateway.token("bob"))) {
            JsonNode problem = problem(post("counter.increase", token, null, "Idempotency-Key", "k"), 403, "forbidden", "rejected");
            assertThat(problem.path("idempotencyKey").asString()).isEqualTo("k");
        }
        executed(post("counter.increase", gateway.token("root", "admin:"), null), "1");
        executed(post("counter.increase", gateway.token("carol", "call:/robots/r1"), null), "2");
    }

    @Test
    void an_unknown_method_is_not_found() throws Exception {
        problem(post("speed.teleport", caller, null), 404, "not-found", "rejected");
    }

    @Test
    void a_malformed_method_name_is_an_invalid_request() throws Exception {
        for (String method : List.of("1speed", "speed..get", "speed.", "speed%20get", "a".repeat(129))) {
            problem(post(method, caller, null), 400, "invalid-request", "rejected");
        }
    }

    @Test
    void other_routes_and_verbs_are_refused() throws Exception {
        problem(HTTP.send(request("/elsewhere").GET().build(), HttpResponse.BodyHandlers.ofString()), 404, "not-found", "rejected");
        HttpResponse<String> get = HTTP.send(request("/rpc/echo").header("Authorization", "Bearer " + caller).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        problem(get, 405, "method-not-allowed", "rejected");
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void malformed_json_is_an_invalid_request() throws Exception {
        for (String body : List.of("{", "{\"a\":}", "{} {}", "nope", "{\"a\":1,\"a\":2}")) {
            problem(post("echo", caller, body), 400, "invalid-request", "rejected");
        }
    }

    @Test
    void a_body_that_is_not_json_by_its_type_is_unsupported() throws Exception {
        problem(post("echo", caller, "{}", "Content-Type", "text/plain"), 415, "unsupported-media-type", "rejected");
    }

    @Test
    void a_body_up_to_256_KiB_is_accepted_and_a_larger_one_is_too_large() throws Exception {
        String fits = "\"" + "x".repeat(256 * 1024 - 2) + "\"";
        assertThat(post("echo", caller, fits).statusCode()).isEqualTo(200);

        String tooLarge = "\"" + "x".repeat(256 * 1024 - 1) + "\"";
        problem(post("echo", caller, tooLarge), 413, "payload-too-large", "rejected");
        problem(post("echo", caller, "\"" + "x".repeat(2 * 1024 * 1024) + "\""), 413, "payload-too-large", "rejected");
    }

    @Test
    void a_too_large_body_without_a_length_is_too_large_too() throws Exception {
        byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
        List<java.nio.ByteBuffer> parts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            parts.add(java.nio.ByteBuffer.wrap(chunk));
        }
        // A publisher of unknown length makes the client send the body chunked.
        HttpRequest chunked = request("/rpc/echo").header("Authorization", "Bearer " + caller)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArrays(
                        parts.stream().map(java.nio.ByteBuffer::array).toList()))).build();

        problem(HTTP.send(chunked, HttpResponse.BodyHandlers.ofString()), 413, "payload-too-large", "rejected");
    }

    @Test
    void a_refused_argument_is_rejected_with_the_methods_reason() throws Exception {
        JsonNode problem = problem(post("refuse", caller, "{\"by\":0}"), 400, "invalid-request", "rejected");

        assertThat(problem.path("detail").asString()).isEqualTo("by must be 1 to 100");
    }

    @Test
    void a_failing_method_is_workload_failed_with_an_unknown_outcome_and_no_detail_of_the_failure() throws Exception {
        JsonNode problem = problem(post("fail", caller, null), 500, "workload-failed", "unknown");

        assertThat(problem.toString()).doesNotContain("secret internal detail").doesNotContain("IllegalStateException");
    }

    @Test
    void a_bad_timeout_is_an_invalid_request() throws Exception {
        for (String timeout : List.of("0", "-5", "300001", "soon", "1.5")) {
            problem(post("counter.increase", caller, null, "Coterie-Timeout", timeout), 400, "invalid-request", "rejected");
        }
        executed(post("counter.increase", caller, null, "Coterie-Timeout", "300000"), "1");
        assertThat(counter).hasValue(1);
    }

    @Test
    void a_bad_idempotency_key_is_an_invalid_request() throws Exception {
        for (String key : List.of("has space", "x".repeat(201), "")) {
            problem(post("counter.increase", caller, null, "Idempotency-Key", key), 400, "invalid-request", "rejected");
        }
        assertThat(counter).hasValue(0);
    }

    @Test
    void a_repeated_key_replays_the_answer_without_running_again() throws Exception {
        HttpResponse<String> first = post("counter.increase", caller, "{}", "Idempotency-Key", "replay-1");
        HttpResponse<String> second = post("counter.increase", caller, "{}", "Idempotency-Key", "replay-1");

        executed(first, "1");
        executed(second, "1");
        assertThat(first.headers().firstValue("Coterie-Replayed")).isEmpty();
        assertThat(second.headers().firstValue("Coterie-Replayed")).hasValue("true");
        assertThat(counter).hasValue(1);
    }

    @Test
    void a_key_reused_with_another_request_is_refused() throws Exception {
        executed(post("counter.increase", caller, "{}", "Idempotency-Key", "reuse-1"), "1");

        JsonNode body = problem(post("counter.increase", caller, "{\"by\":2}", "Idempotency-Key", "reuse-1"), 422,
                "idempotency-key-reused", "rejected");
        problem(post("echo", caller, "{}", "Idempotency-Key", "reuse-1"), 422, "idempotency-key-reused", "rejected");

        assertThat(body.path("idempotencyKey").asString()).isEqualTo("reuse-1");
        assertThat(counter).hasValue(1);
    }

    @Test
    void keys_belong_to_the_caller() throws Exception {
        executed(post("counter.increase", caller, null, "Idempotency-Key", "mine"), "1");

        executed(post("counter.increase", gateway.token("bob", "call:/robots/"), null, "Idempotency-Key", "mine"), "2");
    }

    @Test
    void a_failed_call_is_remembered_and_a_refused_one_is_not() throws Exception {
        problem(post("fail", caller, null, "Idempotency-Key", "fail-1"), 500, "workload-failed", "unknown");
        HttpResponse<String> replay = post("fail", caller, null, "Idempotency-Key", "fail-1");
        problem(replay, 500, "workload-failed", "unknown");
        assertThat(replay.headers().firstValue("Coterie-Replayed")).hasValue("true");
        assertThat(failures).hasValue(1);

        problem(post("refuse", caller, null, "Idempotency-Key", "refuse-1"), 400, "invalid-request", "rejected");
        problem(post("refuse", caller, null, "Idempotency-Key", "refuse-1"), 400, "invalid-request", "rejected");
        assertThat(refusals).hasValue(2);
    }

    @Test
    void concurrent_duplicates_run_the_method_once_and_all_get_its_answer() throws Exception {
        slowGate = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return post("slow", caller, null, "Idempotency-Key", "dup-1");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> slowStarts.get() == 1);
        slowGate.countDown();

        for (CompletableFuture<HttpResponse<String>> call : calls) {
            executed(call.get(30, TimeUnit.SECONDS), "1");
        }
        assertThat(slowStarts).hasValue(1);
    }

    @Test
    void a_duplicate_still_waiting_at_its_deadline_has_an_unknown_outcome() throws Exception {
        slowGate = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return post("slow", caller, null, "Idempotency-Key", "dup-2");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> slowStarts.get() == 1);

        JsonNode problem = problem(post("slow", caller, null, "Idempotency-Key", "dup-2", "Coterie-Timeout", "300"), 504,
                "outcome-unknown", "unknown");
        assertThat(problem.path("idempotencyKey").asString()).isEqualTo("dup-2");

        slowGate.countDown();
        executed(first.get(30, TimeUnit.SECONDS), "1");
        HttpResponse<String> later = post("slow", caller, null, "Idempotency-Key", "dup-2");
        executed(later, "1");
        assertThat(later.headers().firstValue("Coterie-Replayed")).hasValue("true");
        assertThat(slowStarts).hasValue(1);
    }

    @Test
    void a_call_whose_deadline_passed_while_queued_is_not_started() throws Exception {
        slowGate = new CountDownLatch(1);
        try (RpcServer single = RpcServer.builder().name("/robots/r9").bind("127.0.0.1", 0).threads(1)
                .tokenVerifier(token -> new Caller("alice", Grants.parse(List.of("call:/robots/"))))
                .method("slow", (argument, context) -> {
                    slowStarts.incrementAndGet();
                    try {
                        slowGate.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return IntNode.valueOf(1);
                })
                .method("counter.increase", (argument, context) -> IntNode.valueOf(counter.incrementAndGet()))
                .start()) {
            URI base = URI.create("http://127.0.0.1:" + single.port());
            CompletableFuture<HttpResponse<String>> blocking = HTTP.sendAsync(HttpRequest.newBuilder(base.resolve("/rpc/slow"))
                    .header("Authorization", "Bearer any").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(10)).until(() -> slowStarts.get() == 1);
            long sent = System.nanoTime();
            CompletableFuture<HttpResponse<String>> queued = HTTP.sendAsync(HttpRequest.newBuilder(base.resolve("/rpc/counter.increase"))
                    .header("Authorization", "Bearer any").header("Coterie-Timeout", "200")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() - sent > Duration.ofMillis(400).toNanos());
            slowGate.countDown();

            assertThat(blocking.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            problem(queued.get(30, TimeUnit.SECONDS), 504, "deadline-exceeded", "rejected");
            assertThat(counter).hasValue(0);
        }
    }

    @Test
    void the_method_sees_how_much_of_the_budget_is_left() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        try (RpcServer timed = RpcServer.builder().name("/robots/r8").bind("127.0.0.1", 0)
                .tokenVerifier(token -> new Caller("alice", Grants.parse(List.of("call:/robots/"))))
                .method("budget", (argument, context) -> {
                    seen.set((int) context.remaining().toMillis());
                    return null;
                })
                .start()) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + timed.port()
                    + "/rpc/budget")).header("Authorization", "Bearer any").header("Coterie-Timeout", "5000")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

            executed(response, "null");
            assertThat(seen.get()).isBetween(1000, 5000);
        }
    }

    @Test
    void keys_that_cannot_be_read_make_calls_unavailable() throws Exception {
        try (StubGateway down = new StubGateway();
             RpcServer orphan = RpcServer.builder().name("/robots/r7").bind("127.0.0.1", 0)
                     .tokenVerifier(new JwksTokenVerifier(down.address(), down.ownToken()))
                     .method("echo", (argument, context) -> argument).start()) {
            down.jwksDown(true);
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + orphan.port()
                    + "/rpc/echo")).header("Authorization", "Bearer " + down.token("alice", "call:/robots/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

            problem(response, 503, "unavailable", "rejected");
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
        }
    }

    private static String expiredToken() {
        return gatewaySigned(new JWTClaimsSet.Builder().issuer("coterie").subject("alice")
                .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(5))))
                .claim("grants", List.of("call:/robots/")).build());
    }

    private static String tokenWithIssuer(String issuer) {
        return gatewaySigned(new JWTClaimsSet.Builder().issuer(issuer).subject("alice")
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))
                .claim("grants", List.of("call:/robots/")).build());
    }

    private static String gatewaySigned(JWTClaimsSet claims) {
        return gateway.sign(claims);
    }
}
