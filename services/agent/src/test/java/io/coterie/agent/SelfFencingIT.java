package io.coterie.agent;

import static io.coterie.agent.Scheduler.assignment;
import static io.coterie.agent.Scheduler.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.coterie.teststore.TestStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent, cut off from its store: once it has not renewed its lease for a whole TTL it
 * must assume its work was given to other hosts, and stop it, while staying up itself.
 */
class SelfFencingIT {

    private static final String PARENT = "coterie-agent-it-" + ProcessHandle.current().pid() + "-fencing";
    private static final Duration TTL = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private TestStore store;
    private AgentProcess agent;

    @BeforeAll
    static void needsRealCgroups() {
        assumeThat(CgroupLeaks.whyNotEnforcing()).as("real cgroups are needed").isEmpty();
    }

    @AfterEach
    void nothingIsLeftBehind() throws IOException {
        try {
            if (agent != null) {
                agent.close();
            }
            if (store != null) {
                store.close();
            }
        } finally {
            assertThat(CgroupLeaks.removeAll(PARENT)).as("cgroups left behind (now removed)").isEmpty();
            assertThat(Workloads.withMarker(PARENT)).as("workload processes left behind").isEmpty();
        }
    }

    @Test
    void anAgentThatCannotRenewItsLeaseForATtlStopsItsWorkloads() {
        store = TestStore.startOwn();
        Scheduler scheduler = new Scheduler(store.client(), "fencing-host");
        agent = new AgentProcess("fencing-host", store.members(), PARENT, dir, TTL).start().awaitReady();
        String id = scheduler.assign(assignment("isolated", 0, 31, Workloads.loop(PARENT, "working")));
        long pid = scheduler.awaitStatus(id, state("running")).get("localPid").asLong();

        store.close();

        await().atMost(TTL.plusSeconds(30)).until(() -> !Workloads.alive(pid));
        assertThat(agent.isAlive()).as("the agent itself stays up, to serve again when the store is back").isTrue();
        assertThat(agent.log()).contains("SELF-FENCING");
    }
}
