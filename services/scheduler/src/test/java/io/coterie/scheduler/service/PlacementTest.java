package io.coterie.scheduler.service;

import static io.coterie.testsupport.http.Http.ok;
import static io.coterie.testsupport.http.Http.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.consensus.client.Consistency;
import io.coterie.naming.EntryCodec;
import io.coterie.naming.Instance;
import io.coterie.naming.ServiceEntry;
import io.coterie.scheduler.Host;
import io.coterie.testsupport.http.Http;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Jobs placed end to end: the leader against a real store and simulated agents that advertise
 * hosts under leases and report what they are given as running.
 */
class PlacementTest extends ServiceTestBase {

    private static final long GIB = 1L << 30;
    private static final Duration PLACED = Duration.ofSeconds(20);

    private final List<SimulatedAgent> agents = new ArrayList<>();

    @AfterEach
    void hostsLeave() {
        agents.forEach(SimulatedAgent::close);
    }

    private Map<String, Host> hosts(String suite, int count, int cpus, long memory) {
        return hosts(suite, 1, count, cpus, memory);
    }

    /** Hosts SUITE-hFIRST and on, labelled suite=SUITE. */
    private Map<String, Host> hosts(String suite, int first, int count, int cpus, long memory) {
        Map<String, Host> hosts = new HashMap<>();
        for (int i = first; i < first + count; i++) {
            Host host = Host.of(suite + "-h" + i, cpus, memory).withLabel("suite", suite);
            agents.add(SimulatedAgent.start(store(), host, Duration.ofSeconds(10)));
            hosts.put(host.id(), host);
        }
        return hosts;
    }

    private JsonNode job(String name) {
        return ok(admin.get("/v1/jobs/" + name));
    }

    @Test
    void threeReplicasLandWithinCapacityRunResolveByNameAndRelayTheirLogs() {
        Map<String, Host> hosts = hosts("place", 3, 2, 2 * GIB);
        status(admin.postJson("/v1/jobs", job("place-web", "\"cpus\":1.5", "1Gi", ",\"replicas\":3,\"constraints\":[\"suite=place\"]")), 201);

        JsonNode placed = await().atMost(PLACED).until(() -> job("place-web"), job -> job.get("allocations").size() == 3
                && allRunning(job.get("allocations")));
        Set<String> used = new HashSet<>();
        placed.get("allocations").forEach(allocation -> used.add(allocation.get("host").asString()));
        assertThat(used).as("1.5 CPUs of 2 each: one replica per host").isEqualTo(hosts.keySet());
        assertThat(placed.get("pending").size()).isZero();
        ClusterInvariants.check(store(), hosts);

        long counter = Long.parseLong(store().get("sys/ids/next").join().orElseThrow().valueAsString());
        for (JsonNode allocation : placed.get("allocations")) {
            int index = allocation.get("index").asInt();
            String id = allocation.get("id").asString();
            long pid = allocation.get("pid").asLong();
            assertThat(id).isEqualTo("place-web." + index + "." + pid);
            assertThat(pid).as("PIDs come from the cluster's ID counter").isPositive().isLessThan(counter);
            ServiceEntry entry = (ServiceEntry) EntryCodec.decode(
                    store().get("names/jobs/place-web/" + index).join().orElseThrow().value());
            Instance instance = entry.instances().get(0);
            assertThat(instance.id()).isEqualTo(id);
            assertThat(instance.address()).isEqualTo("127.0.0.1");
            assertThat(instance.metadata()).containsEntry("pid", Long.toString(pid)).containsEntry("alloc", id)
                    .containsEntry("host", allocation.get("host").asString());
        }

        JsonNode listed = find(ok(admin.get("/v1/jobs")), "place-web");
        assertThat(listed.get("placed").asInt()).isEqualTo(3);
        assertThat(listed.get("running").asInt()).isEqualTo(3);

        JsonNode host = find(ok(as("read:/hosts/place-h1").get("/v1/hosts")), "place-h1");
        assertThat(host.get("status").asString()).isEqualTo("up");
        assertThat(host.get("cpus").asInt()).isEqualTo(2);
        assertThat(host.get("allocatedCpus").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(host.get("allocatedMemoryBytes").asLong()).isEqualTo(GIB);
        assertThat(host.get("labels").get("suite").asString()).isEqualTo("place");
        assertThat(ok(as("read:/hosts/place-h1").get("/v1/hosts")).size()).isEqualTo(1);

        JsonNode replica = placed.get("allocations").get(1);
        HttpResponse<String> logs = as("read:/jobs/place-web").get("/v1/jobs/place-web/allocations/1/logs?stream=stderr&tail=5");
        assertThat(logs.statusCode()).isEqualTo(200);
        assertThat(logs.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(logs.body()).isEqualTo("log of " + replica.get("id").asString() + " on " + replica.get("host").asString()
                + " (stream=stderr&tail=5)\n");
        SimulatedAgent agent = agents.stream().filter(a -> a.hostId.equals(replica.get("host").asString())).findFirst().orElseThrow();
        assertThat(agent.logRequests).as("the caller's own token goes to the agent").hasSize(1)
                .allSatisfy(authorization -> assertThat(authorization).startsWith("Bearer ey"));

        stopAndAwaitGone("place-web");
    }

    @Test
    void replicasThatCannotFitArePendingWithTheExplanation() {
        // 2 CPUs each: CPU 0 may be pinned, CPU 1 stays in the shared pool (the agents keep one).
        Map<String, Host> hosts = hosts("short", 2, 2, GIB);
        status(admin.postJson("/v1/jobs", job("short-big", "\"cpus\":1.5", "4Gi", ",\"constraints\":[\"suite=short\"]")), 201);
        JsonNode big = await().atMost(PLACED).until(() -> job("short-big"), job -> job.get("pending").size() == 1);
        assertThat(big.get("pending").get(0).get("explanation").asString()).contains("2 short of memory");

        status(admin.postJson("/v1/jobs", job("short-cpu", "\"exclusiveCpus\":1", "256Mi",
                ",\"replicas\":3,\"constraints\":[\"suite=short\"]")), 201);
        JsonNode cpu = await().atMost(PLACED).until(() -> job("short-cpu"),
                job -> job.get("allocations").size() == 2 && job.get("pending").size() == 1);
        assertThat(cpu.get("pending").get(0).get("index").asInt()).isEqualTo(2);
        assertThat(cpu.get("pending").get(0).get("explanation").asString()).contains("2 no free whole CPU");
        await().atMost(PLACED).until(() -> job("short-big").get("pending").get(0).get("explanation").asString(),
                explanation -> explanation.contains("2 short of CPU and memory"));
        ClusterInvariants.check(store(), hosts);

        // Room appears: the pending replica is placed and its explanation goes.
        hosts.putAll(hosts("short", 3, 1, 2, GIB));
        await().atMost(PLACED).until(() -> job("short-cpu"), job -> job.get("allocations").size() == 3 && job.get("pending").isEmpty());
        ClusterInvariants.check(store(), hosts);
        stopAndAwaitGone("short-big");
        stopAndAwaitGone("short-cpu");
    }

    @Test
    void stoppingAJobRemovesItsAllocationsNamesStatusesAndPendingEntries() {
        Map<String, Host> hosts = hosts("stop", 1, 2, GIB);
        status(admin.postJson("/v1/jobs", job("stop-me", "\"cpus\":1", "256Mi", ",\"replicas\":3,\"constraints\":[\"suite=stop\"]")), 201);
        await().atMost(PLACED).until(() -> job("stop-me"), job -> job.get("allocations").size() == 2 && job.get("pending").size() == 1);
        assertThat(prefix("names/jobs/stop-me/")).hasSize(2);

        stopAndAwaitGone("stop-me");
        agents.forEach(agent -> assertThat(agent.allocations()).isEmpty());
        await().atMost(PLACED).untilAsserted(() -> {
            for (String prefix : List.of("names/jobs/stop-me/", "sys/sched/pending/stop-me/", "sys/sched/replicas/stop-me/",
                    "sys/sched/status/stop-me.", "sys/sched/jobs/stop-me", "sys/sched/ledger/stop-h1")) {
                assertThat(prefix(prefix)).as(prefix).isEmpty();
            }
        });
        ClusterInvariants.check(store(), hosts);
    }

    @Test
    void aMoreImportantJobPreemptsALessImportantOneWhoseReplicaWaitsAgain() {
        Map<String, Host> hosts = hosts("preempt", 1, 2, 2 * GIB);
        status(admin.postJson("/v1/jobs", job("preempt-low", "\"cpus\":1", "512Mi",
                ",\"replicas\":2,\"priority\":1,\"constraints\":[\"suite=preempt\"]")), 201);
        JsonNode low = await().atMost(PLACED).until(() -> job("preempt-low"), job -> job.get("allocations").size() == 2);
        status(admin.postJson("/v1/jobs", job("preempt-high", "\"cpus\":1", "512Mi",
                ",\"priority\":10,\"constraints\":[\"suite=preempt\"]")), 201);

        await().atMost(PLACED).until(() -> job("preempt-high"), job -> job.get("allocations").size() == 1);
        JsonNode after = await().atMost(PLACED).until(() -> job("preempt-low"),
                job -> job.get("allocations").size() == 1 && job.get("pending").size() == 1);
        assertThat(after.get("pending").get(0).get("explanation").asString()).contains("1 short of CPU");
        String evicted = after.get("pending").get(0).get("index").asInt() == 0
                ? low.get("allocations").get(0).get("id").asString() : low.get("allocations").get(1).get("id").asString();
        await().atMost(PLACED).until(() -> job("preempt-low").get("history"), history -> history.size() == 1
                && history.get(0).get("id").asString().equals(evicted) && history.get(0).get("state").asString().equals("preempted"));
        assertThat(job("preempt-low").get("history").get(0).get("message").asString()).isEqualTo("preempted by preempt-high/0 (priority 10)");
        ClusterInvariants.check(store(), hosts);
        stopAndAwaitGone("preempt-high");
        await().atMost(PLACED).until(() -> job("preempt-low"), job -> job.get("allocations").size() == 2);
        stopAndAwaitGone("preempt-low");
    }

    @Test
    void logsOfAReplicaWhoseAgentDoesNotAnswerAreUnavailable() {
        hosts("mute", 1, 1, GIB);
        status(admin.postJson("/v1/jobs", job("mute-job", "\"cpus\":0.5", "128Mi", ",\"constraints\":[\"suite=mute\"]")), 201);
        await().atMost(PLACED).until(() -> job("mute-job"), job -> job.get("allocations").size() == 1);
        agents.get(0).die();
        JsonNode refusal = Http.problem(admin.get("/v1/jobs/mute-job/allocations/0/logs"), 503, "unavailable");
        assertThat(refusal.get("detail").asString()).contains("agent of host mute-h1");
        stopAndAwaitGone("mute-job");
    }

    private void stopAndAwaitGone(String name) {
        status(admin.delete("/v1/jobs/" + name), 202);
        await().atMost(PLACED).until(() -> admin.get("/v1/jobs/" + name).statusCode() == 404);
    }

    private static List<String> prefix(String prefix) {
        return store().list(prefix, "", 100, true, Consistency.LINEARIZABLE).join().kvs().stream()
                .map(io.coterie.consensus.client.KeyValue::key).toList();
    }

    private static boolean allRunning(JsonNode allocations) {
        for (JsonNode allocation : allocations) {
            if (!allocation.get("state").asString().equals("running")) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode item : list) {
            JsonNode key = item.has("name") ? item.get("name") : item.get("id");
            if (key.asString().equals(name)) {
                return item;
            }
        }
        throw new AssertionError(name + " is not in " + list);
    }
}
