package io.coterie.scheduler.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.teststore.TestStore;
import io.coterie.naming.EntryCodec;
import io.coterie.naming.ServiceEntry;
import io.coterie.scheduler.Host;
import io.coterie.scheduler.service.store.AllocationRecord;
import io.coterie.testsupport.http.Http;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two scheduler processes on one store; a stream of job submissions spread over both; the
 * leader killed with SIGKILL a third of the way in, while it is placing. Afterwards every job is
 * fully placed, once: no host holds more than it has, no replica has two allocations, no PID is
 * used twice, and every allocation was written under one of the two leaders' fencing tokens.
 */
class SchedulerFailoverIT {

    private static final int HOSTS = 8;
    private static final int CPUS_PER_HOST = 4;
    private static final long MEMORY_PER_HOST = 8L << 30;
    private static final int JOBS = 36;
    private static final int KILL_AFTER = 12;
    private static final Duration STARTUP = Duration.ofMinutes(2);

    @Test
    void jobsSubmittedWhileTheLeaderIsKilledAreAllPlacedOnceWithinCapacity() throws Exception {
        Path logs = Files.createTempDirectory("scheduler-failover-it");
        List<SimulatedAgent> agents = new ArrayList<>();
        try (TestStore store = TestStore.startOwn()) {
            Map<String, Host> hosts = new HashMap<>();
            for (int i = 1; i <= HOSTS; i++) {
                Host host = Host.of("failover-h" + i, CPUS_PER_HOST, MEMORY_PER_HOST).withLabel("rack", "r" + (i % 2));
                agents.add(SimulatedAgent.start(store.client(), host, Duration.ofSeconds(10)));
                hosts.put(host.id(), host);
            }
            Map<String, String> env = Map.of("COTERIE_STORE_MEMBERS", store.members(), "COTERIE_SCHEDULER_RECONCILE_EVERY", "2s");
            try (SchedulerProcess a = new SchedulerProcess("scheduler-a", env, logs).start();
                 SchedulerProcess b = new SchedulerProcess("scheduler-b", env, logs).start()) {
                a.awaitReady(STARTUP);
                b.awaitReady(STARTUP);
                String token = store.tokens().admin();
                Map<String, SchedulerProcess> byInstance = Map.of(a.instance, a, b.instance, b);
                JsonNode first = await().atMost(Duration.ofSeconds(30)).until(() -> status(a, token), s -> s.hasNonNull("leader"));
                SchedulerProcess leader = byInstance.get(first.get("leader").get("instance").asString());
                SchedulerProcess survivor = leader == a ? b : a;
                long firstToken = first.get("fencingToken").asLong();

                Map<String, Integer> replicas = new LinkedHashMap<>();
                long killedAt = 0;
                for (int i = 0; i < JOBS; i++) {
                    if (i == KILL_AFTER) {
                        leader.kill();
                        killedAt = System.nanoTime();
                    }
                    String name = "job-" + i;
                    replicas.put(name, submit(i % 2 == 0 ? a : b, i % 2 == 0 ? b : a, token, name, spec(i)));
                }

                JsonNode second = await().atMost(Duration.ofSeconds(40)).until(() -> status(survivor, token),
                        s -> s.hasNonNull("leader") && s.get("leader").get("instance").asString().equals(survivor.instance));
                long secondToken = second.get("fencingToken").asLong();
                System.out.printf("leader %s killed after %d submissions; %s leads %d ms later (fencing token %d -> %d)%n",
                        leader.instance, KILL_AFTER, survivor.instance, (System.nanoTime() - killedAt) / 1_000_000, firstToken, secondToken);
                assertThat(secondToken).isGreaterThan(firstToken);

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    Map<String, Long> placed = ClusterInvariants.allocations(store.client()).stream()
                            .collect(Collectors.groupingBy(AllocationRecord::job, Collectors.counting()));
                    replicas.forEach((job, wanted) -> assertThat(placed.getOrDefault(job, 0L)).as(job).isEqualTo((long) wanted));
                });
                System.out.printf("all %d jobs (%d replicas) placed %d ms after the kill%n", JOBS,
                        replicas.values().stream().mapToInt(Integer::intValue).sum(), (System.nanoTime() - killedAt) / 1_000_000);

                ClusterInvariants.check(store.client(), hosts);
                List<AllocationRecord> allocations = ClusterInvariants.allocations(store.client());
                assertThat(allocations).hasSize(replicas.values().stream().mapToInt(Integer::intValue).sum());
                assertThat(allocations).extracting(AllocationRecord::fencingToken).allMatch(t -> t == firstToken || t == secondToken);
                for (AllocationRecord allocation : allocations) {
                    ServiceEntry entry = (ServiceEntry) EntryCodec.decode(store.client()
                            .get("names/jobs/" + allocation.job() + "/" + allocation.index()).join().orElseThrow().value());
                    assertThat(entry.instances().get(0).id()).isEqualTo(allocation.id());
                }
                JsonNode list = Http.ok(survivor.http(token).get("/v1/jobs"));
                assertThat(list.size()).isEqualTo(JOBS);
                list.forEach(job -> assertThat(job.get("pending").asInt()).as(job.toString()).isZero());
                assertThat(store.client().list("sys/sched/pending/", "", 10, true, io.coterie.consensus.client.Consistency.LINEARIZABLE)
                        .join().kvs()).isEmpty();
            } catch (AssertionError | RuntimeException e) {
                System.out.println("scheduler logs are in " + logs);
                throw e;
            }
        } finally {
            agents.forEach(SimulatedAgent::close);
        }
    }

    /**
     * A mix: shared shares of a quarter CPU, one to three replicas, spread or bin-packed; every
     * sixth job pins a whole CPU at a higher priority, so it may preempt shared ones on full hosts.
     */
    private static String spec(int i) {
        if (i % 6 == 5) {
            return "\"exclusiveCpus\":1,\"memory\":\"512Mi\",\"priority\":5";
        }
        return "\"cpus\":0.25,\"memory\":\"" + 256 * (1 + i % 2) + "Mi\",\"replicas\":" + (1 + i % 3)
                + ",\"strategy\":\"" + (i % 4 == 0 ? "binpack" : "spread") + "\"";
    }

    /** Sends to {@code preferred}, or to the other instance once the preferred one is dead; returns the replica count. */
    private static int submit(SchedulerProcess preferred, SchedulerProcess other, String token, String name, String spec) {
        String body = "{\"name\":\"" + name + "\",\"command\":[\"/bin/sleep\",\"1000\"]," + spec + "}";
        for (SchedulerProcess target : List.of(preferred, other)) {
            if (!target.isAlive()) {
                continue;
            }
            Http http = target.http(token);
            try {
                HttpResponse<String> response = http.trySend(http.request("/v1/jobs").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
                // 409: an earlier attempt wrote the job before its answer was lost.
                assertThat(response.statusCode()).as(name + ": " + response.body()).isIn(201, 409);
                return Http.JSON.readTree(body).has("replicas") ? Http.JSON.readTree(body).get("replicas").asInt() : 1;
            } catch (IOException e) {
                // The instance died under this request: the other one takes it.
            }
        }
        throw new AssertionError("no instance took " + name);
    }

    private static JsonNode status(SchedulerProcess instance, String token) {
        HttpResponse<String> response = instance.http(token).get("/v1/scheduler/status");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.JSON.readTree(response.body());
    }
}
