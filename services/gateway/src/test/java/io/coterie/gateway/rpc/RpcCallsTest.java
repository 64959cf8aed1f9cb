package io.coterie.gateway.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.consensus.client.KeyValue;
import io.coterie.consensus.client.Lease;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls through {@code POST /v1/rpc/...} to workloads on real sockets: what reaches the workload,
 * the outcomes, and what an Idempotency-Key does (docs/rpc.md, Exactly once).
 */
class RpcCallsTest extends RpcGatewayTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @AfterEach
    void stopWorkloads() {
        closeWorkloads();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static String outcome(HttpResponse<String> response) {
        return response.headers().firstValue("Coterie-Outcome").orElse("(none)");
    }

    @Test
    void aCallReachesTheWorkloadWithTheCallersTokenDeadlineAndKey() {
        TestWorkload workload = workload();
        String name = freshName("echo");
        bind(name, workload.port());
        String token = token("call:/test/");

        HttpResponse<String> response = post(name, "echo", token, "{\"speed\": 3}", "key-1", 5000);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(outcome(response)).isEqualTo("executed");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{\"speed\": 3}");
        TestWorkload.Seen seen = workload.calls.get(0);
        assertThat(seen.authorization()).isEqualTo("Bearer " + token);
        assertThat(seen.key()).isEqualTo("key-1");
        assertThat(Long.parseLong(seen.timeout())).as("what remains of 5 s").isBetween(1000L, 5000L);

        HttpResponse<String> empty = send(request(name, "echo", token).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(workload.calls.get(1).body()).as("an empty body is the JSON null").isEqualTo("null");
        assertThat(Long.parseLong(workload.calls.get(1).timeout())).as("10 s when the caller says nothing").isBetween(5000L, 10_000L);
        assertThat(workload.calls.get(1).key()).isNull();
    }

    @Test
    void aKeyedCommandRunsOnceAndItsAnswerIsReplayed() {
        TestWorkload workload = workload();
        String name = freshName("counter");
        bind(name, workload.port());
        String alice = token("call:/test/");

        HttpResponse<String> first = post(name, "count", alice, "{}", "once", null);
        HttpResponse<String> again = post(name, "count", alice, "{}", "once", null);

        assertThat(first.body()).isEqualTo("{\"n\":1}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Coterie-Replayed")).hasValue("true");
        assertThat(outcome(again)).isEqualTo("executed");
        assertThat(workload.executions("count")).isEqualTo(1);

        HttpResponse<String> reused = post(name, "count", alice, "{\"other\":1}", "once", null);
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(outcome(reused)).isEqualTo("rejected");
        assertThat(json(reused).get("type").asString()).endsWith("/idempotency-key-reused");
        assertThat(json(reused).get("idempotencyKey").asString()).isEqualTo("once");

        String bob = tokens().token("bob", List.of("call:/test/"), Duration.ofMinutes(5));
        assertThat(post(name, "count", bob, "{}", "once", null).body()).as("keys are scoped to the principal").isEqualTo("{\"n\":2}");
        assertThat(post(name, "count", alice, "{}", null, null).body()).as("without a key, every call runs").isEqualTo("{\"n\":3}");
    }

    @Test
    void theRecordLivesUnderAnHourlyLeaseForTheRetention() {
        TestWorkload workload = workload();
        String name = freshName("kept");
        bind(name, workload.port());
        post(name, "count", token("call:/test/"), "{}", "kept-1", null);

        KeyValue record = store.get(CallRecords.keyOf("alice", "kept-1")).join().orElseThrow();
        JsonNode kept = JSON.readTree(record.value());
        assertThat(kept.get("state").asString()).isEqualTo("done");
        assertThat(kept.get("status").asInt()).isEqualTo(200);
        assertThat(kept.get("body").asString()).isEqualTo("{\"n\":1}");
        assertThat(kept.get("name").asString()).isEqualTo(name);
        assertThat(kept.get("method").asString()).isEqualTo("count");
        Lease lease = store.lease(record.lease(), false).join().orElseThrow();
        assertThat(lease.remaining()).as("24 h retention, + up to the rest of the hour")
                .isBetween(Duration.ofHours(24), Duration.ofHours(25));
    }

    @Test
    void duplicatesThatArriveWhileTheFirstRunsWaitForItsAnswer() {
        TestWorkload workload = workload();
        workload.delayMillis = 600;
        String name = freshName("slow");
        bind(name, workload.port());
        String token = token("call:/test/");

        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 3)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> post(name, "slow", token, "{}", "same", 15_000))).toList();

        List<HttpResponse<String>> answers = calls.stream().map(CompletableFuture::join).toList();
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("{\"n\":1}");
        });
        assertThat(workload.executions("slow")).isEqualTo(1);
    }

    @Test
    void theDeadlineIsAnsweredOnTimeAndARetryWithTheKeyLearnsTheOutcome() {
        TestWorkload workload = workload();
        workload.delayMillis = 1500;
        String name = freshName("late");
        bind(name, workload.port());
        String token = token("call:/test/");

        long started = System.nanoTime();
        HttpResponse<String> late = post(name, "slow", token, "{}", "late-1", 400);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(late.statusCode()).as(late.body()).isEqualTo(504);
        assertThat(outcome(late)).isEqualTo("unknown");
        assertThat(json(late).get("type").asString()).endsWith("/outcome-unknown");
        assertThat(json(late).get("outcome").asString()).isEqualTo("unknown");
        assertThat(json(late).get("idempotencyKey").asString()).isEqualTo("late-1");
        assertThat(tookMillis).as("answered at the deadline").isBetween(400L, 700L);

        HttpResponse<String> learned = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> post(name, "slow", token, "{}", "late-1", 3000), answer -> answer.statusCode() == 200);
        assertThat(learned.body()).isEqualTo("{\"n\":1}");
        assertThat(workload.counter.get()).as("the command ran once").isEqualTo(1);

        HttpResponse<String> keyless = post(name, "slow", token, "{}", null, 300);
        assertThat(keyless.statusCode()).isEqualTo(504);
        assertThat(json(keyless).has("idempotencyKey")).isFalse();
    }

    @Test
    void aRefusalLetsTheKeyStartAfreshAndAFailureIsKept() {
        TestWorkload workload = workload();
        String name = freshName("moody");
        bind(name, workload.port());
        String token = token("call:/test/");

        HttpResponse<String> refused = post(name, "refuse", token, "-1", "k-refuse", null);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(outcome(refused)).isEqualTo("rejected");
        assertThat(json(refused).get("detail").asString()).isEqualTo("speed must be positive");
        assertThat(json(refused).get("idempotencyKey").asString()).isEqualTo("k-refuse");
        assertThat(store.get(CallRecords.keyOf("alice", "k-refuse")).join()).as("the record went with the refusal").isEmpty();
        post(name, "refuse", token, "-1", "k-refuse", null);
        assertThat(workload.executions("refuse")).as("a refused command is forwarded again").isEqualTo(2);

        HttpResponse<String> failed = post(name, "fail", token, "{}", "k-fail", null);
        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(outcome(failed)).isEqualTo("unknown");
        assertThat(json(failed).get("type").asString()).endsWith("/workload-failed");
        HttpResponse<String> again = post(name, "fail", token, "{}", "k-fail", null);
        assertThat(again.statusCode()).isEqualTo(502);
        assertThat(again.body()).isEqualTo(failed.body());
        assertThat(again.headers().firstValue("Coterie-Replayed")).hasValue("true");
        assertThat(workload.executions("fail")).isEqualTo(1);

        HttpResponse<String> unknownMethod = post(name, "no.such", token, "{}", null, null);
        assertThat(unknownMethod.statusCode()).isEqualTo(404);
        assertThat(outcome(unknownMethod)).isEqualTo("rejected");
    }

    @Test
    void aRefusedConnectionIsTriedOnceMoreOnAnotherInstance() {
        TestWorkload workload = workload();
        String name = freshName("half-dead");
        bind(name, deadPort(), workload.port());
        String token = token("call:/test/");

        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = post(name, "count", token, "{}", null, null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        assertThat(workload.counter.get()).isEqualTo(4);

        String gone = freshName("gone");
        bind(gone, deadPort());
        HttpResponse<String> nobody = post(gone, "count", token, "{}", "k-gone", null);
        assertThat(nobody.statusCode()).isEqualTo(503);
        assertThat(outcome(nobody)).isEqualTo("rejected");
        assertThat(nobody.headers().firstValue("Retry-After")).isPresent();
        assertThat(store.get(CallRecords.keyOf("alice", "k-gone")).join()).isEmpty();
    }

    @Test
    void aNameBoundAMomentAgoIsFound() {
        TestWorkload workload = workload();
        String name = freshName("new");
        String token = token("call:/test/");
        bind(name, workload.port());
        assertThat(post(name, "count", token, "{}", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void theOpenApiDocumentDescribesTheCall() {
        HttpResponse<String> docs = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/v3/api-docs"))
                .header("Authorization", "Bearer " + tokens().admin()).GET().build());
        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode call = json(docs).get("paths").get("/v1/rpc/{target}").get("post");
        assertThat(call.get("tags").get(0).asString()).isEqualTo("RPC");
        assertThat(call.get("responses").propertyNames()).contains("200", "4XX", "502", "503", "504");
    }
}
