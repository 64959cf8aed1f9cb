package io.coterie.scheduler.service;

import static io.coterie.testsupport.http.Http.ok;
import static io.coterie.testsupport.http.Http.problem;
import static io.coterie.testsupport.http.Http.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.testsupport.http.Http;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The jobs API against a real store with a leader but no host that suits these jobs (they are
 * constrained to a label nobody has): what callers send, see and are refused.
 */
class JobApiTest extends ServiceTestBase {

    private static final String NOWHERE = ",\"constraints\":[\"suite=api-nowhere\"]";

    @Test
    void aSubmittedJobIsCreatedShownListedAndExplainedWhileNoHostSuitsIt() {
        HttpResponse<String> created = admin.postJson("/v1/jobs", job("api-show", "\"cpus\":0.5", "256Mi", NOWHERE + ",\"replicas\":2"));
        JsonNode body = status(created, 201);
        assertThat(created.headers().firstValue("Location")).hasValue("/v1/jobs/api-show");
        assertThat(body.get("name").asString()).isEqualTo("api-show");
        assertThat(body.get("desired").asString()).isEqualTo("running");
        assertThat(body.get("submittedBy").asString()).isEqualTo("root");
        JsonNode spec = body.get("spec");
        assertThat(spec.get("cpus").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(spec.get("memoryBytes").asLong()).isEqualTo(256L << 20);
        assertThat(spec.get("replicas").asInt()).isEqualTo(2);
        assertThat(spec.get("command").get(0).asString()).isEqualTo("/bin/sh");
        assertThat(spec.get("restart").get("policy").asString()).isEqualTo("never");

        JsonNode shown = await().atMost(Duration.ofSeconds(20))
                .until(() -> ok(admin.get("/v1/jobs/api-show")), job -> job.get("pending").size() == 2);
        assertThat(shown.get("allocations").size()).isZero();
        assertThat(shown.get("pending").get(0).get("index").asInt()).isZero();
        assertThat(shown.get("pending").get(0).get("explanation").asString())
                .as("every host the test JVM has lacks the label, if there are any").matches("no hosts.*|\\d+ hosts?: \\d+ missing label.*");
        assertThat(shown.get("pending").get(0).get("since").asString()).isNotBlank();

        JsonNode listed = findByName(ok(admin.get("/v1/jobs")), "api-show");
        assertThat(listed.get("desired").asString()).isEqualTo("running");
        assertThat(listed.get("replicas").asInt()).isEqualTo(2);
        assertThat(listed.get("placed").asInt()).isZero();
        assertThat(listed.get("running").asInt()).isZero();
        assertThat(listed.get("pending").asInt()).isEqualTo(2);
    }

    @Test
    void aSecondJobOfTheSameNameIsAConflictUntilTheFirstIsStoppedAndGone() {
        status(admin.postJson("/v1/jobs", job("api-twice", "\"exclusiveCpus\":1", "1Gi", NOWHERE)), 201);
        problem(admin.postJson("/v1/jobs", job("api-twice", "\"cpus\":1", "1Gi", NOWHERE)), 409, "conflict");

        JsonNode stopping = status(admin.delete("/v1/jobs/api-twice"), 202);
        assertThat(stopping.get("desired").asString()).isEqualTo("stopped");
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/v1/jobs/api-twice").statusCode() == 404);
        assertThat(admin.get("/v1/jobs").body()).doesNotContain("api-twice");
        assertThat(store().list("sys/sched/pending/api-twice/", "", 10, true, io.coterie.consensus.client.Consistency.LINEARIZABLE)
                .join().kvs()).isEmpty();

        status(admin.postJson("/v1/jobs", job("api-twice", "\"cpus\":1", "1Gi", NOWHERE)), 201);
        status(admin.delete("/v1/jobs/api-twice"), 202);
    }

    @Test
    void unknownJobsAreNotFoundAndImpossibleNamesAreBadRequests() {
        problem(admin.get("/v1/jobs/api-never-submitted"), 404, "not-found");
        problem(admin.delete("/v1/jobs/api-never-submitted"), 404, "not-found");
        problem(admin.get("/v1/jobs/api-never-submitted/allocations/0/logs"), 404, "not-found");
        problem(admin.get("/v1/jobs/Not_A_Name"), 400, "invalid-request");
        problem(admin.get("/v1/jobs/" + "n".repeat(41)), 400, "invalid-request");
        problem(admin.delete("/v1/jobs/Not_A_Name"), 400, "invalid-request");
        problem(admin.get("/v1/no-such-endpoint"), 404, "not-found");
    }

    @Test
    void badSpecsAreRefusedNamingTheRuleWithoutAStackTrace() {
        assertThat(problem(admin.postJson("/v1/jobs", job("api-bad", "\"cpus\":1", "1Gi", ",\"replicas\":1001")), 400, "invalid-request")
                .get("detail").asString()).contains("replicas must be between 1 and 1000");
        assertThat(problem(admin.postJson("/v1/jobs", job("api-bad", "\"cpus\":1", "1Gi", ",\"colour\":\"red\"")), 400, "invalid-request")
                .get("detail").asString()).contains("unknown field 'colour'");
        assertThat(problem(admin.postJson("/v1/jobs", job("API", "\"cpus\":1", "1Gi", "")), 400, "invalid-request")
                .get("detail").asString()).contains("name must match");
        assertThat(problem(admin.postJson("/v1/jobs", job("api-bad", "\"cpus\":1", "lots", "")), 400, "invalid-request")
                .get("detail").asString()).contains("memory must be");
        assertThat(problem(admin.postJson("/v1/jobs", job("api-bad", "\"cpus\":1", "1Gi", ",\"constraints\":[\"zone\"]")), 400,
                "invalid-request").get("detail").asString()).contains("key=value");
        problem(admin.postJson("/v1/jobs", "{\"name\":"), 400, "invalid-request");
        problem(admin.postJson("/v1/jobs", ""), 400, "invalid-request");
        problem(admin.postJson("/v1/jobs", "[1,2]"), 400, "invalid-request");
        problem(admin.send(admin.request("/v1/jobs").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("name=x")).build()), 415, "unsupported-media-type");
        problem(admin.postJson("/v1/jobs", "{\"name\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}"), 413, "payload-too-large");
        problem(admin.get("/v1/jobs/api-show/allocations/zero/logs"), 400, "invalid-request");
        assertThat(admin.get("/v1/jobs/api-bad").statusCode()).as("nothing was written").isEqualTo(404);
    }

    @Test
    void submittingNeedsTheSubmitGrantOnTheJobsName() {
        String body = job("api-granted", "\"cpus\":0.1", "64Mi", NOWHERE);
        problem(as("read:/jobs/").postJson("/v1/jobs", body), 403, "forbidden");
        problem(as("submit:/jobs/other").postJson("/v1/jobs", body), 403, "forbidden");
        problem(as("submit:/jobs/other").postJson("/v1/jobs", "not even json"), 400, "invalid-request");
        problem(as("read:/jobs/").postJson("/v1/jobs", "not even json"), 403, "forbidden");
        Http owner = as("submit:/jobs/api-granted");
        status(owner.postJson("/v1/jobs", body), 201);
        assertThat(ok(owner.get("/v1/jobs/api-granted")).get("submittedBy").asString()).isEqualTo("tester");
        problem(as("read:/jobs/").delete("/v1/jobs/api-granted"), 403, "forbidden");
        problem(as("submit:/jobs/other").get("/v1/jobs/api-granted"), 403, "forbidden");
        status(owner.delete("/v1/jobs/api-granted"), 202);
    }

    @Test
    void theListShowsOnlyJobsTheCallerMayRead() {
        status(admin.postJson("/v1/jobs", job("api-seen", "\"cpus\":0.1", "64Mi", NOWHERE)), 201);
        status(admin.postJson("/v1/jobs", job("api-unseen", "\"cpus\":0.1", "64Mi", NOWHERE)), 201);
        List<String> names = names(ok(as("read:/jobs/api-seen").get("/v1/jobs")));
        assertThat(names).containsExactly("api-seen");
        assertThat(names(ok(as("read:/apps/").get("/v1/jobs")))).isEmpty();
        assertThat(names(ok(admin.get("/v1/jobs")))).contains("api-seen", "api-unseen");
        ok(as("read:/jobs/api-seen").get("/v1/jobs/api-seen"));
        problem(as("read:/jobs/api-seen").get("/v1/jobs/api-unseen"), 403, "forbidden");
        status(admin.delete("/v1/jobs/api-seen"), 202);
        status(admin.delete("/v1/jobs/api-unseen"), 202);
    }

    @Test
    void logsOfAReplicaWithoutAnAllocationAreNotFoundAndBadParametersAreRefused() {
        status(admin.postJson("/v1/jobs", job("api-logs", "\"cpus\":0.1", "64Mi", NOWHERE)), 201);
        assertThat(problem(admin.get("/v1/jobs/api-logs/allocations/0/logs"), 404, "not-found").get("detail").asString())
                .contains("has no allocation");
        problem(admin.get("/v1/jobs/api-logs/allocations/0/logs?stream=stdin"), 400, "invalid-request");
        problem(admin.get("/v1/jobs/api-logs/allocations/0/logs?tail=0"), 400, "invalid-request");
        problem(admin.get("/v1/jobs/api-logs/allocations/0/logs?tail=100001"), 400, "invalid-request");
        problem(admin.get("/v1/jobs/api-logs/allocations/-1/logs"), 400, "invalid-request");
        problem(as("read:/jobs/other").get("/v1/jobs/api-logs/allocations/0/logs"), 403, "forbidden");
        status(admin.delete("/v1/jobs/api-logs"), 202);
    }

    @Test
    void theStatusNamesTheLeaderAndItsFencingToken() {
        JsonNode status = ok(as("read:/nothing-in-particular").get("/v1/scheduler/status"));
        assertThat(status.get("leading").asBoolean()).isTrue();
        assertThat(status.get("leader").get("instance").asString()).isEqualTo("test-scheduler");
        assertThat(status.get("self").get("id").asString()).isEqualTo("test-scheduler");
        assertThat(status.get("self").get("address").asString()).endsWith(":" + port);
        assertThat(status.get("fencingToken").asLong()).isPositive();
        long token = status.get("fencingToken").asLong();
        assertThat(store().get("sys/sched/leader").join().orElseThrow().createRevision()).isEqualTo(token);
    }

    @Test
    void hostsAreShownToThoseWhoMayReadThem() {
        assertThat(ok(as("read:/jobs/").get("/v1/hosts")).size()).isZero();
        assertThat(ok(admin.get("/v1/hosts")).isArray()).isTrue();
    }

    private static JsonNode findByName(JsonNode list, String name) {
        for (JsonNode job : list) {
            if (job.get("name").asString().equals(name)) {
                return job;
            }
        }
        throw new AssertionError(name + " is not listed in " + list);
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(job -> names.add(job.get("name").asString()));
        return names;
    }
}
