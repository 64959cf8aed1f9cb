package io.coterie.agent;

import static io.coterie.agent.Scheduler.assignment;
import static io.coterie.agent.Scheduler.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.coterie.teststore.TestStore;
import io.coterie.cgroups.HostCgroup;
import io.coterie.cgroups.WorkloadInfo;
import io.coterie.testsupport.http.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * Assignments written to a real store become real processes in real cgroups on this machine, and
 * their statuses come back: running with a local pid, exited with a code, OOM-killed, restarted by
 * policy, failed; deleting an assignment stops the process and removes its group; logs are readable.
 * Skipped where cgroups cannot be written. The context is closed at the end, which must leave no
 * group of this test behind.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AssignmentLifecycleTest extends AgentTestBase {

    private static Agent agent;

    @Autowired
    Agent runningAgent;
    @Autowired
    HostCgroup host;
    @Autowired
    Supervisor supervisor;

    private Scheduler scheduler;

    @BeforeAll
    static void needsRealCgroups() {
        assumeThat(CgroupLeaks.whyNotEnforcing()).as("real cgroups are needed").isEmpty();
    }

    @BeforeEach
    void scheduler() {
        agent = runningAgent;
        scheduler = new Scheduler(TestStore.shared().client(), HOST);
    }

    @AfterEach
    void everythingStops() {
        scheduler.unassignAll();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(host.listWorkloads()).isEmpty());
    }

    @AfterAll
    static void noGroupIsLeftBehind() throws IOException {
        if (agent != null) {
            agent.stop(); // what closing the context does to the agent: every workload ends and every group goes
        }
        assertThat(CgroupLeaks.removeAll(CGROUP_PARENT)).as("cgroups left behind (now removed)").isEmpty();
    }

    @Test
    void anAssignedWorkloadRunsInItsGroupAndStopsWhenItsAssignmentIsDeleted() throws IOException {
        String id = scheduler.assign(assignment("web", 0, 11, List.of("/bin/sh", "-c",
                "echo hello from $COTERIE_JOB $COTERIE_INDEX; echo complaint >&2; while :; do sleep 1; done")));

        JsonNode running = scheduler.awaitStatus(id, state("running"));
        long pid = running.get("localPid").asLong();
        assertThat(running.get("job").asString()).isEqualTo("web");
        assertThat(running.get("index").asInt()).isZero();
        assertThat(running.get("hostId").asString()).isEqualTo(HOST);
        assertThat(running.get("restarts").asInt()).isZero();
        assertThat(Instant.parse(running.get("startedAt").asString())).isBefore(Instant.now());
        assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "cgroup")))
                .contains(CGROUP_PARENT + "/" + HOST + "/shared/" + id);
        WorkloadInfo group = host.listWorkloads().stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow();
        assertThat(group.pids()).contains(pid);
        assertThat(group.cpuMillis()).isEqualTo(200);
        assertThat(group.memoryBytes()).isEqualTo(64 * MiB);

        JsonNode withUsage = scheduler.awaitStatus(id, status -> status.has("memoryBytes") && status.has("cpuSeconds"));
        assertThat(withUsage.get("memoryBytes").asLong()).isPositive();
        assertThat(withUsage.get("state").asString()).isEqualTo("running");

        Http reader = admin.as(token("read:/jobs/web"));
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.get("/v1/allocations/" + id + "/logs").body()
                .equals("hello from web 0\n"));
        assertThat(reader.get("/v1/allocations/" + id + "/logs?stream=stderr").body()).isEqualTo("complaint\n");
        JsonNode agent = Http.ok(admin.get("/v1/agent"));
        assertThat(agent.get("workloads")).singleElement().satisfies(w -> {
            assertThat(w.get("allocId").asString()).isEqualTo(id);
            assertThat(w.get("localPid").asLong()).isEqualTo(pid);
            assertThat(w.get("adopted").asBoolean()).isFalse();
        });

        scheduler.unassign(id);

        await().atMost(Duration.ofSeconds(30)).until(() -> !alive(pid));
        await().atMost(Duration.ofSeconds(30)).until(() -> host.listWorkloads().isEmpty());
        assertThat(scheduler.status(id)).as("the status is the scheduler's to delete").isPresent();
        assertThat(reader.get("/v1/allocations/" + id + "/logs").body()).as("logs outlive the allocation")
                .isEqualTo("hello from web 0\n");
    }

    @Test
    void aWorkloadThatExitsWithThreeIsReportedExitedWithCodeThree() {
        String id = scheduler.assign(assignment("quitter", 0, 12, List.of("/bin/sh", "-c", "exit 3")));

        JsonNode exited = scheduler.awaitStatus(id, state("exited"));

        assertThat(exited.get("exitCode").asInt()).isEqualTo(3);
        assertThat(exited.has("signal")).isFalse();
        assertThat(exited.get("restarts").asInt()).isZero();
        assertThat(exited.get("endedAt").asString()).isNotBlank();
        await().atMost(Duration.ofSeconds(10)).until(() -> host.listWorkloads().isEmpty());
    }

    @Test
    void aWorkloadThatAllocatesPastItsMemoryLimitIsReportedOomKilled() {
        // The shell itself grows: command substitution buffers up to 1 GiB in its own memory.
        String id = scheduler.assign(assignment("hog", 0, 13, List.of("/bin/sh", "-c",
                "x=$(head -c 1073741824 /dev/zero | tr '\\0' a); echo survived ${#x}")));

        JsonNode killed = scheduler.awaitStatus(id, state("oomkilled"));

        assertThat(killed.get("signal").asInt()).isEqualTo(9);
        assertThat(killed.get("memoryBytes").asLong()).isLessThanOrEqualTo(64 * MiB);
    }

    @Test
    void theRestartPolicyRestartsAFailingWorkloadUpToItsMaximum() {
        Map<String, Object> flaky = new java.util.LinkedHashMap<>(assignment("flaky", 0, 14,
                List.of("/bin/sh", "-c", "echo run; exit 1")));
        flaky.put("restart", Map.of("mode", "on-failure", "maxRestarts", 2));
        String id = scheduler.assign(flaky);

        JsonNode last = scheduler.awaitStatus(id, status -> state("exited").test(status) && status.get("restarts").asInt() == 2);

        assertThat(last.get("exitCode").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/v1/allocations/" + id + "/logs").body()
                .equals("run\nrun\nrun\n"));
    }

    @Test
    void anAssignmentThatCannotRunIsReportedFailedWithTheReason() {
        Map<String, Object> huge = new java.util.LinkedHashMap<>(assignment("huge", 0, 15, List.of("sleep", "600")));
        huge.put("memoryBytes", 4L * 1024 * 1024 * 1024);
        String tooBig = scheduler.assign(huge);
        scheduler.assignRaw("garbled.0.16", "{not json");

        assertThat(scheduler.awaitStatus(tooBig, state("failed")).get("message").asString())
                .contains("could not start").contains("bytes left");
        JsonNode garbled = scheduler.awaitStatus("garbled.0.16", state("failed"));
        assertThat(garbled.get("message").asString()).contains("not valid JSON");
        assertThat(garbled.get("job").asString()).isEqualTo("garbled");
        assertThat(host.listWorkloads()).isEmpty();
    }

    @Test
    void anExclusiveAssignmentIsPinnedToTheMachineCpuBehindTheHostCpuTheSchedulerChose() throws IOException {
        assumeThat(host.spec().cpus().size()).as("pinning needs a host with at least two CPUs").isGreaterThanOrEqualTo(2);
        int first = new TreeSet<>(host.spec().cpus()).first();
        Map<String, Object> pinned = new java.util.LinkedHashMap<>(assignment("pinned", 0, 17,
                List.of("/bin/sh", "-c", "while :; do sleep 1; done")));
        pinned.put("exclusiveCpus", List.of(0));
        pinned.put("cpuMillis", 1000);
        String id = scheduler.assign(pinned);

        long pid = scheduler.awaitStatus(id, state("running")).get("localPid").asLong();

        assertThat(cpusAllowed(pid)).isEqualTo(Integer.toString(first));
        assertThat(host.exclusiveCpusInUse()).containsExactly(first);
    }

    @Test
    void fencingStopsEveryWorkload() {
        String id = scheduler.assign(assignment("fenced", 0, 18, List.of("/bin/sh", "-c", "while :; do sleep 1; done")));
        long pid = scheduler.awaitStatus(id, state("running")).get("localPid").asLong();

        supervisor.fence();

        await().atMost(Duration.ofSeconds(30)).until(() -> !alive(pid));
    }

    @Test
    void logsAnswerProblemsForUnknownAllocationsAndBadParameters() {
        Http.problem(admin.get("/v1/allocations/nothing.0.1/logs"), 404, "not-found");
        Http.problem(admin.get("/v1/allocations/Web.0.1/logs"), 400, "invalid-request");
        Http.problem(admin.get("/v1/allocations/web.zero.1/logs"), 400, "invalid-request");
        Http.problem(admin.get("/v1/allocations/web.0.1/logs?stream=stdin"), 400, "invalid-request");
        Http.problem(admin.get("/v1/allocations/web.0.1/logs?tail=0"), 400, "invalid-request");
        Http.problem(admin.get("/v1/allocations/web.0.1/logs?tail=10001"), 400, "invalid-request");
        Http.problem(admin.get("/v1/allocations/web.0.1/logs?tail=many"), 400, "invalid-request");
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String cpusAllowed(long pid) throws IOException {
        Optional<String> line = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst();
        return line.orElseThrow().substring("Cpus_allowed_list:".length()).strip();
    }
}
