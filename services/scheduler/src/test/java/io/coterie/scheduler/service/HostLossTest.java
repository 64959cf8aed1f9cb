package io.coterie.scheduler.service;

import static io.coterie.testsupport.http.Http.ok;
import static io.coterie.testsupport.http.Http.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.naming.EntryCodec;
import io.coterie.naming.ServiceEntry;
import io.coterie.scheduler.Host;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A host goes silent (its agent stops renewing its lease): once the lease expires, what it ran
 * is marked lost and placed on the hosts that are left, within the TTL and a few seconds.
 */
class HostLossTest extends ServiceTestBase {

    private static final Duration AGENT_TTL = Duration.ofSeconds(2);
    private static final Duration SETTLES = Duration.ofSeconds(20);

    private final List<SimulatedAgent> agents = new ArrayList<>();

    @AfterEach
    void hostsLeave() {
        agents.forEach(SimulatedAgent::close);
    }

    @Test
    void theAllocationsOfASilentHostAreMarkedLostAndReplacedElsewhere() {
        Map<String, Host> hosts = new HashMap<>();
        for (int i = 1; i <= 3; i++) {
            Host host = Host.of("loss-h" + i, 2, 2L << 30).withLabel("suite", "loss");
            agents.add(SimulatedAgent.start(store(), host, AGENT_TTL));
            hosts.put(host.id(), host);
        }
        status(admin.postJson("/v1/jobs", job("loss-web", "\"cpus\":1", "512Mi", ",\"replicas\":3,\"constraints\":[\"suite=loss\"]")), 201);
        JsonNode before = await().atMost(SETTLES).until(() -> ok(admin.get("/v1/jobs/loss-web")),
                job -> job.get("allocations").size() == 3);
        JsonNode victim = before.get("allocations").get(0);
        String victimHost = victim.get("host").asString();
        String lostId = victim.get("id").asString();

        long silentAt = System.nanoTime();
        agents.stream().filter(agent -> agent.hostId.equals(victimHost)).findFirst().orElseThrow().die();

        JsonNode after = await().atMost(AGENT_TTL.plus(Duration.ofSeconds(10))).until(() -> ok(admin.get("/v1/jobs/loss-web")),
                job -> job.get("allocations").size() == 3 && !hostsOf(job).contains(victimHost)
                        && job.get("history").size() == 1);
        System.out.printf("replaced %d ms after the agent went silent (lease TTL %d ms)%n",
                (System.nanoTime() - silentAt) / 1_000_000, AGENT_TTL.toMillis());

        JsonNode lost = after.get("history").get(0);
        assertThat(lost.get("id").asString()).isEqualTo(lostId);
        assertThat(lost.get("state").asString()).isEqualTo("lost");
        assertThat(lost.get("host").asString()).isEqualTo(victimHost);
        assertThat(lost.get("message").asString()).contains("was lost");
        assertThat(lost.get("startedAt").asString()).as("the agent's last report is kept").isNotBlank();

        JsonNode replacement = after.get("allocations").get(0);
        assertThat(replacement.get("id").asString()).isNotEqualTo(lostId);
        ServiceEntry name = (ServiceEntry) EntryCodec.decode(store().get("names/jobs/loss-web/0").join().orElseThrow().value());
        assertThat(name.instances().get(0).id()).isEqualTo(replacement.get("id").asString());
        assertThat(store().get("sys/sched/ledger/" + victimHost).join()).as("a host that holds nothing has no ledger").isEmpty();
        assertThat(ok(admin.get("/v1/hosts")).toString()).doesNotContain(victimHost);
        ClusterInvariants.check(store(), hosts);

        status(admin.delete("/v1/jobs/loss-web"), 202);
        await().atMost(SETTLES).until(() -> admin.get("/v1/jobs/loss-web").statusCode() == 404);
    }

    private static List<String> hostsOf(JsonNode job) {
        List<String> hosts = new ArrayList<>();
        job.get("allocations").forEach(allocation -> hosts.add(allocation.get("host").asString()));
        return hosts;
    }
}
