package io.coterie.gateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.testsupport.auth.TestTokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whatever a caller gets wrong, the answer is a 4xx problem document that says the command did
 * not run ({@code Coterie-Outcome: rejected}, {@code outcome: rejected}), never a 5xx, never a
 * stack trace; and nothing reaches the workload.
 */
class RpcBadInputTest extends RpcGatewayTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @AfterEach
    void stopWorkloads() {
        closeWorkloads();
    }

    private static JsonNode rejected(HttpResponse<String> response, int status, String type) {
        String call = response.request().method() + " " + response.request().uri() + " " + response.request().headers().map();
        assertThat(response.statusCode()).as(call + ": " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(call).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Coterie-Outcome")).as(call).hasValue("rejected");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asString()).as(call).isEqualTo("https://coterie.dev/problems/" + type);
        assertThat(problem.get("status").asInt()).as(call).isEqualTo(status);
        assertThat(problem.get("outcome").asString()).as(call).isEqualTo("rejected");
        assertThat(problem.get("detail").asString()).as(call).isNotBlank();
        assertThat(response.body()).as(call).doesNotContain("Exception").doesNotContain("\tat ");
        return problem;
    }

    @Test
    void everyMistakeIsRefusedBeforeTheWorkloadSeesIt() {
        TestWorkload workload = workload();
        String name = freshName("robot");
        bind(name, workload.port());
        String token = token("call:/test/");

        rejected(post(name, "count", token, "{\"speed\":", null, null), 400, "invalid-request");
        rejected(post(name, "count", token, "{} {}", null, null), 400, "invalid-request");
        JsonNode tooLarge = rejected(post(name, "count", token, "\"" + "x".repeat(256 * 1024) + "\"", "big-1", null), 413,
                "payload-too-large");
        assertThat(tooLarge.get("idempotencyKey").asString()).isEqualTo("big-1");
        rejected(post(freshName("nobody"), "count", token, "{}", null, null), 404, "not-found");
        rejected(post(name, "speed..increase", token, "{}", null, null), 400, "invalid-request");
        rejected(post(name, "1speed", token, "{}", null, null), 400, "invalid-request");
        rejected(post(name, "count", token, "{}", "a key with spaces", null), 400, "invalid-request");
        rejected(post(name, "count", token, "{}", "k".repeat(201), null), 400, "invalid-request");
        rejected(post(name, "count", token, "{}", null, 0), 400, "invalid-request");
        rejected(post(name, "count", token, "{}", null, 300_001), 400, "invalid-request");
        rejected(send(request(name, "count", token).header("Coterie-Timeout", "soon").POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json").build()), 400, "invalid-request");
        rejected(send(request(name, "count", token).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build()), 415, "unsupported-media-type");
        rejected(post("/test//x", "count", token, "{}", null, null), 400, "invalid-request");
        rejected(post("/sys/services/naming", "count", token("admin:"), "{}", null, null), 403, "forbidden");
        rejected(send(request(name, "", token).POST(HttpRequest.BodyPublishers.noBody()).build()), 400, "invalid-request");
        rejected(send(request("", "count", token).POST(HttpRequest.BodyPublishers.noBody()).build()), 400, "invalid-request");
        rejected(send(request(name, "count", token).GET().build()), 405, "method-not-allowed");

        assertThat(workload.calls).as("nothing reached the workload").isEmpty();
    }

    @Test
    void aKeyReusedForAnotherBodyIsRefused() {
        TestWorkload workload = workload();
        String name = freshName("robot");
        bind(name, workload.port());
        String token = token("call:/test/");
        assertThat(post(name, "count", token, "{\"by\":1}", "reused", null).statusCode()).isEqualTo(200);
        JsonNode problem = rejected(post(name, "count", token, "{\"by\":2}", "reused", null), 422, "idempotency-key-reused");
        assertThat(problem.get("idempotencyKey").asString()).isEqualTo("reused");
        rejected(post(name, "echo", token, "{\"by\":1}", "reused", null), 422, "idempotency-key-reused");
        assertThat(workload.calls).hasSize(1);
    }

    @Test
    void noTokenAForgedOneOrNoGrantIsRefusedAsRpc() {
        TestWorkload workload = workload();
        String name = freshName("robot");
        bind(name, workload.port());

        JsonNode anonymous = rejected(post(name, "count", null, "{}", "anon-1", null), 401, "unauthorized");
        assertThat(anonymous.get("idempotencyKey").asString()).isEqualTo("anon-1");
        rejected(post(name, "count", TestTokens.forged("alice", List.of("call:/")), "{}", null, null), 401, "unauthorized");
        rejected(post(name, "count", token("read:/test/", "write:/test/"), "{}", null, null), 403, "forbidden");
        rejected(post(name, "count", token("call:/other/"), "{}", null, null), 403, "forbidden");
        assertThat(workload.calls).isEmpty();
    }

    @Test
    void aNameWithoutAnRpcInstanceIsUnavailableAndOtherEntriesAreNotFound() {
        String plain = freshName("plain");
        store.put("names" + plain, io.coterie.naming.EntryCodec.encode(new io.coterie.naming.ServiceEntry(
                List.of(new io.coterie.naming.Instance("web", "127.0.0.1", deadPort())), Map.of()))).join();
        HttpResponse<String> unavailable = post(plain, "count", token("call:/test/"), "{}", null, null);
        rejected(unavailable, 503, "unavailable");
        assertThat(unavailable.headers().firstValue("Retry-After")).isPresent();

        String link = freshName("link");
        store.put("names" + link, io.coterie.naming.EntryCodec.encode(io.coterie.naming.LinkEntry.to(plain))).join();
        rejected(post(link, "count", token("call:/test/"), "{}", null, null), 404, "not-found");
    }
}
