package io.coterie.agent;

import static io.coterie.agent.Scheduler.assignment;
import static io.coterie.agent.Scheduler.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.coterie.teststore.TestStore;
import io.coterie.testsupport.http.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The packaged agent as a real process, killed with SIGKILL and started again: its host key goes
 * with its lease, its workloads survive it and are re-adopted (same processes) by the next agent,
 * which also cleans up what was unassigned meanwhile and reports what ended unseen. Every test works under its own cgroup
 * parent, and must leave no group and no workload process behind.
 */
class AgentRestartIT {

    private static final String RUN = "coterie-agent-it-" + ProcessHandle.current().pid() + "-";
    private static final AtomicInteger TESTS = new AtomicInteger();
    private static final Duration TTL = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private String parent;
    private String marker;
    private Scheduler scheduler;
    private AgentProcess agent;

    @BeforeAll
    static void needsRealCgroups() {
        assumeThat(CgroupLeaks.whyNotEnforcing()).as("real cgroups are needed").isEmpty();
    }

    @BeforeEach
    void agent() {
        int test = TESTS.incrementAndGet();
        parent = RUN + String.format("%03d", test);
        marker = parent + "-workload";
        String host = "it-host-" + test;
        scheduler = new Scheduler(TestStore.shared().client(), host);
        agent = new AgentProcess(host, TestStore.shared().members(), parent, dir, TTL);
    }

    @AfterEach
    void nothingIsLeftBehind() throws IOException {
        try {
            agent.close();
            scheduler.unassignAll();
        } finally {
            assertThat(CgroupLeaks.removeAll(parent)).as("cgroups left behind (now removed)").isEmpty();
            assertThat(Workloads.withMarker(marker)).as("workload processes left behind").isEmpty();
        }
    }

    @Test
    void aKilledAgentsHostKeyVanishesWithinItsLeaseTtl() {
        agent.start().awaitReady();
        JsonNode hostKey = await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.hostKey().orElse(null), k -> k != null);
        assertThat(hostKey.get("cpus").asInt()).isPositive();
        assertThat(hostKey.get("memoryBytes").asLong()).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(hostKey.get("monitorOnly").asBoolean()).isFalse();
        assertThat(hostKey.get("address").asString()).isEqualTo("127.0.0.1");

        agent.kill();
        long killed = System.nanoTime();

        await().atMost(TTL.plusSeconds(5)).until(() -> scheduler.hostKey().isEmpty());
        System.out.printf("host key gone %d ms after SIGKILL (lease TTL %d ms)%n", (System.nanoTime() - killed) / 1_000_000,
                TTL.toMillis());

        // A killed agent leaves its host's groups for the next one; the next one registers the host again.
        agent.start().awaitReady();
        await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.hostKey().isPresent());
    }

    @Test
    void aRestartedAgentReadoptsWhatIsStillAssignedAndCleansUpWhatIsNot() throws IOException {
        agent.start().awaitReady();
        String keep = scheduler.assign(assignment("keep", 0, 21, Workloads.loop(marker, "kept")));
        String drop = scheduler.assign(assignment("drop", 0, 22, Workloads.loop(marker, "dropped")));
        String endsLater = scheduler.assign(assignment("later", 0, 23, Workloads.untilFileExists(marker, dir.resolve("later"))));
        String endsMeanwhile = scheduler.assign(assignment("meanwhile", 0, 24,
                Workloads.untilFileExists(marker, dir.resolve("meanwhile"))));
        long keepPid = scheduler.awaitStatus(keep, state("running")).get("localPid").asLong();
        long dropPid = scheduler.awaitStatus(drop, state("running")).get("localPid").asLong();
        long laterPid = scheduler.awaitStatus(endsLater, state("running")).get("localPid").asLong();
        long meanwhilePid = scheduler.awaitStatus(endsMeanwhile, state("running")).get("localPid").asLong();

        agent.kill();
        assertThat(Workloads.alive(keepPid)).as("a workload outlives its agent").isTrue();
        assertThat(Workloads.alive(dropPid)).isTrue();
        scheduler.unassign(drop);
        Files.createFile(dir.resolve("meanwhile"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !Workloads.alive(meanwhilePid));
        agent.start().awaitReady();

        Http http = agent.http(TestStore.shared().tokens().admin());
        JsonNode adopted = await().atMost(Duration.ofSeconds(30)).until(() -> Http.ok(http.get("/v1/agent")).get("workloads"),
                workloads -> count(workloads, "adopted") == 2);
        assertThat(find(adopted, keep).get("localPid").asLong()).as("the same process, re-adopted").isEqualTo(keepPid);
        assertThat(find(adopted, endsLater).get("localPid").asLong()).isEqualTo(laterPid);
        await().atMost(Duration.ofSeconds(30)).until(() -> !Workloads.alive(dropPid));
        await().atMost(Duration.ofSeconds(30)).until(() -> CgroupLeaks.groupsNamed(drop, parent).isEmpty());
        JsonNode endedUnseen = scheduler.awaitStatus(endsMeanwhile, state("exited"));
        assertThat(endedUnseen.get("message").asString()).contains("exit status unknown");
        assertThat(endedUnseen.has("exitCode")).isFalse();
        assertThat(Workloads.alive(keepPid)).isTrue();
        assertThat(scheduler.status(keep).orElseThrow().get("localPid").asLong()).isEqualTo(keepPid);
        assertThat(http.get("/v1/allocations/" + keep + "/logs").body()).startsWith("kept\n");

        Files.createFile(dir.resolve("later"));
        JsonNode endedAdopted = scheduler.awaitStatus(endsLater, state("exited"));
        assertThat(endedAdopted.get("message").asString()).contains("exit status unknown");
        await().atMost(Duration.ofSeconds(30)).until(() -> CgroupLeaks.groupsNamed(endsLater, parent).isEmpty());
        scheduler.unassign(keep);

        await().atMost(Duration.ofSeconds(30)).until(() -> !Workloads.alive(keepPid));
        await().atMost(Duration.ofSeconds(30)).until(() -> CgroupLeaks.groupsNamed(keep, parent).isEmpty());
        assertThat(Files.exists(dir.resolve("state/logs").resolve(keep))).as("logs outlive the allocation").isTrue();
    }

    private static long count(JsonNode workloads, String flag) {
        long count = 0;
        for (JsonNode workload : workloads) {
            count += workload.get(flag).asBoolean() ? 1 : 0;
        }
        return count;
    }

    private static JsonNode find(JsonNode workloads, String allocId) {
        for (JsonNode workload : workloads) {
            if (workload.get("allocId").asString().equals(allocId)) {
                return workload;
            }
        }
        throw new AssertionError(allocId + " is not among " + workloads);
    }
}
