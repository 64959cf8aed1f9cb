package io.coterie.cli.bench;

import static io.coterie.cli.testing.StubServer.Response.json;
import static io.coterie.cli.testing.StubServer.Response.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.cli.core.Json;
import io.coterie.cli.testing.Cli;
import io.coterie.cli.testing.Cli.Result;
import io.coterie.cli.testing.StubServer;
import io.coterie.cli.testing.StubServer.Request;
import io.coterie.cli.testing.StubServer.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

@Timeout(60)
class BenchSchedTest {

    private final StubServer server = new StubServer();
    /** A stand-in for the scheduler and the store: hosts, jobs and their placed replicas. */
    private final Map<String, String> hostValues = new ConcurrentHashMap<>();
    private final Map<String, Integer> jobs = new ConcurrentHashMap<>();
    private final Map<String, Integer> placed = new ConcurrentHashMap<>();
    private final BlockingQueue<String> placements = new LinkedBlockingQueue<>();
    private final AtomicLong revision = new AtomicLong(100);
    private volatile boolean closed;
    /** How many replicas of each job the fake scheduler places (the rest stay pending forever). */
    private volatile int placeAtMost = Integer.MAX_VALUE;
    private volatile boolean watchGone;
    private volatile boolean refuseJobs;

    BenchSchedTest() throws IOException {
        server.answer(this::answer);
    }

    @AfterEach
    void stop() {
        closed = true;
        server.close();
    }

    private Response answer(Request r) {
        String path = r.rawPath();
        if (r.method().equals("POST") && path.equals("/v1/leases")) {
            return json(200, "{\"id\":7,\"ttlSeconds\":60}");
        }
        if (r.method().equals("POST") && path.equals("/v1/txn")) {
            for (JsonNode op : Json.mapper().readTree(r.bodyText()).get("success")) {
                JsonNode put = op.get("put");
                hostValues.put(put.get("key").asString(), put.get("value").asString());
            }
            return json(200, "{\"succeeded\":true,\"revision\":" + revision.incrementAndGet() + ",\"results\":[]}");
        }
        if (r.method().equals("GET") && path.equals("/v1/hosts")) {
            List<String> views = new ArrayList<>();
            hostValues.keySet().forEach(key -> views.add("{\"id\":\"" + key.substring("sys/sched/hosts/".length()) + "\",\"status\":\"up\"}"));
            return json(200, "[" + String.join(",", views) + "]");
        }
        if (r.method().equals("GET") && path.equals("/v1/scheduler/status")) {
            return json(200, "{\"leader\":{\"instance\":\"s1\"},\"leading\":true}");
        }
        if (r.method().equals("POST") && path.equals("/v1/jobs")) {
            if (refuseJobs) {
                return problem(403, "forbidden", "submit on /jobs/x is not granted");
            }
            JsonNode job = Json.mapper().readTree(r.bodyText());
            String name = job.get("name").asString();
            int replicas = job.get("replicas").asInt();
            jobs.put(name, replicas);
            int toPlace = Math.min(replicas, placeAtMost);
            placed.put(name, toPlace);
            for (int i = 0; i < toPlace; i++) {
                placements.add(name + "/" + i);
            }
            return json(201, "{\"name\":\"" + name + "\"}");
        }
        if (r.method().equals("GET") && path.equals("/v1/jobs")) {
            List<String> views = new ArrayList<>();
            jobs.forEach((name, replicas) -> views.add("{\"name\":\"" + name + "\",\"replicas\":" + replicas + ",\"placed\":"
                    + placed.getOrDefault(name, 0) + "}"));
            return json(200, "[" + String.join(",", views) + "]");
        }
        if (r.method().equals("DELETE") && path.startsWith("/v1/jobs/")) {
            return jobs.remove(path.substring("/v1/jobs/".length())) != null ? json(202, "{}") : problem(404, "not-found", "no job");
        }
        if (r.method().equals("GET") && path.equals("/v1/watch")) {
            if (watchGone) {
                return problem(410, "compacted", "the revision is compacted");
            }
            return Response.stream(out -> {
                while (!closed) {
                    String replica;
                    try {
                        replica = placements.poll(50, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    String text;
                    if (replica == null) {
                        text = ": keep-alive\n\n";
                    } else {
                        long rev = revision.incrementAndGet();
                        // A put of another kind of key first, in the same revision, as the scheduler's transactions have.
                        text = "event: put\ndata: {\"type\":\"put\",\"key\":\"sys/sched/allocs/h/x\",\"value\":\"{}\",\"revision\":" + rev
                                + "}\n\nevent: put\nid: " + rev + "\ndata: {\"type\":\"put\",\"key\":\"sys/sched/replicas/" + replica
                                + "\",\"value\":\"{}\",\"revision\":" + rev + "}\n\n";
                    }
                    out.write(text.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            });
        }
        if (r.method().equals("DELETE") && path.equals("/v1/leases/7")) {
            hostValues.clear();
            return json(200, "{\"revision\":1,\"deleted\":130}");
        }
        if (r.method().equals("POST") && path.equals("/v1/leases/7/keepalive")) {
            return json(200, "{\"id\":7,\"ttlSeconds\":60}");
        }
        return problem(404, "not-found", "no route " + r.method() + " " + path);
    }

    private List<Request> requests(String method, String path) {
        return server.requests().stream().filter(r -> r.method().equals(method) && r.rawPath().startsWith(path)).toList();
    }

    @Test
    void advertisesHostsSubmitsJobsCountsEveryPlacementAndCleansUp() {
        Result result = Cli.against(server, "bench", "sched", "--hosts", "130", "--allocs", "25", "--replicas-per-job", "10",
                "--clients", "2", "-o", "json");

        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode report = Json.mapper().readTree(result.out());
        assertThat(report.get("ops").asLong()).isEqualTo(25);
        assertThat(report.get("errors").asLong()).isZero();
        assertThat(report.get("hosts").asInt()).isEqualTo(130);
        assertThat(report.get("jobs").asInt()).isEqualTo(3);
        assertThat(report.get("jobsFullyPlaced").asLong()).isEqualTo(3);
        assertThat(report.get("failedSubmissions").asLong()).isZero();
        assertThat(report.get("placedPerJobList").asLong()).isEqualTo(25);
        assertThat(report.get("opsPerSecond").asDouble()).isPositive();
        assertThat(report.get("p99Ms").asDouble()).isGreaterThanOrEqualTo(report.get("p50Ms").asDouble()).isPositive();
        assertThat(report.get("observedBy").asString()).startsWith("watch of sys/sched/replicas/");
        for (String field : List.of("seconds", "submitP99Ms", "jobP99Ms", "jobsSubmittedPerSecond")) {
            assertThat(report.has(field)).as(field).isTrue();
        }
        String run = report.get("run").asString();

        // The hosts: two transactions (128 + 2 puts) under the lease, values as an agent writes them.
        List<Request> txns = requests("POST", "/v1/txn");
        assertThat(txns).hasSize(2);
        JsonNode firstTxn = Json.mapper().readTree(txns.get(0).bodyText());
        assertThat(firstTxn.get("success")).hasSize(128);
        assertThat(Json.mapper().readTree(txns.get(1).bodyText()).get("success")).hasSize(2);
        JsonNode put = firstTxn.get("success").get(0).get("put");
        assertThat(put.get("key").asString()).isEqualTo("sys/sched/hosts/bench-" + run + "-h0");
        assertThat(put.get("lease").asLong()).isEqualTo(7);
        JsonNode host = Json.mapper().readTree(put.get("value").asString());
        assertThat(host.get("id").asString()).isEqualTo("bench-" + run + "-h0");
        assertThat(host.get("cpus").asInt()).isEqualTo(4);
        assertThat(host.get("memoryBytes").asLong()).isEqualTo(16L << 30);
        assertThat(host.get("port").asInt()).isBetween(1, 65535);
        assertThat(host.get("monitorOnly").asBoolean()).isFalse();
        assertThat(host.has("labels") && host.has("dataPaths") && host.has("startedAt") && host.has("address")).isTrue();

        // The watch starts right after the hosts' last revision, on the run's replica keys only.
        Request watch = requests("GET", "/v1/watch").get(0);
        assertThat(watch.rawQuery()).contains("prefix=sys%2Fsched%2Freplicas%2Fbench-" + run + "-j").contains("fromRevision=103");

        // Three jobs of 10, 10 and 5 tiny shared-CPU replicas, then stopped; the lease revoked last.
        List<Request> posts = requests("POST", "/v1/jobs");
        assertThat(posts).hasSize(3);
        assertThat(posts.stream().map(r -> Json.mapper().readTree(r.bodyText()).get("replicas").asInt()).sorted().toList())
                .containsExactly(5, 10, 10);
        JsonNode body = Json.mapper().readTree(posts.get(0).bodyText());
        assertThat(body.get("cpus").asDouble()).isEqualTo(0.01);
        assertThat(body.get("memory").asString()).isEqualTo("1Mi");
        assertThat(posts.get(0).header("Authorization")).isEqualTo("Bearer test-token");
        assertThat(requests("DELETE", "/v1/jobs/").stream().map(Request::rawPath).sorted().toList())
                .containsExactly("/v1/jobs/bench-" + run + "-j0", "/v1/jobs/bench-" + run + "-j1", "/v1/jobs/bench-" + run + "-j2");
        Request last = server.requests().get(server.requests().size() - 1);
        assertThat(last.method() + " " + last.rawPath()).isEqualTo("DELETE /v1/leases/7");
        assertThat(jobs).isEmpty();
        assertThat(hostValues).isEmpty();
    }

    @Test
    void aWatchThatCannotStartFallsBackToPollingTheJobList() {
        watchGone = true;

        Result result = Cli.against(server, "bench", "sched", "--hosts", "3", "--allocs", "12", "--replicas-per-job", "4", "-o", "json");

        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode report = Json.mapper().readTree(result.out());
        assertThat(report.get("ops").asLong()).isEqualTo(12);
        assertThat(report.get("errors").asLong()).isZero();
        assertThat(report.get("jobsFullyPlaced").asLong()).isEqualTo(3);
        assertThat(report.get("observedBy").asString()).contains("polling GET /v1/jobs every 1000 ms");
        assertThat(result.err()).contains("polling GET /v1/jobs");
        assertThat(hostValues).isEmpty();
    }

    @Test
    void replicasNotPlacedInTimeAreErrors() {
        placeAtMost = 3;

        Result result = Cli.against(server, "bench", "sched", "--hosts", "2", "--allocs", "10", "--replicas-per-job", "5",
                "--drain-timeout", "1s", "-o", "json");

        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode report = Json.mapper().readTree(result.out());
        assertThat(report.get("ops").asLong()).isEqualTo(6);
        assertThat(report.get("errors").asLong()).isEqualTo(4);
        assertThat(report.get("jobsFullyPlaced").asLong()).isZero();
        assertThat(result.err()).contains("--drain-timeout PT1S passed with 6 of 10 replicas placed")
                .contains("coterie: 4 of 10 operations failed");
        assertThat(requests("DELETE", "/v1/jobs/")).hasSize(2);
        assertThat(requests("DELETE", "/v1/leases/7")).hasSize(1);
    }

    @Test
    void everySubmissionRefusedIsExitOneAndTheHostsStillGo() {
        refuseJobs = true;

        Result result = Cli.against(server, "bench", "sched", "--hosts", "2", "--allocs", "4", "--replicas-per-job", "2");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("every one of the 4 operations failed")
                .contains("the first failed submission: POST /v1/jobs answered HTTP 403");
        assertThat(requests("DELETE", "/v1/leases/7")).hasSize(1);
        assertThat(hostValues).isEmpty();
    }

    @Test
    void badSizesAreUsageErrors() {
        assertThat(Cli.against(server, "bench", "sched", "--hosts", "0").exit()).isEqualTo(2);
        assertThat(Cli.against(server, "bench", "sched", "--replicas-per-job", "1001").exit()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();
    }
}
