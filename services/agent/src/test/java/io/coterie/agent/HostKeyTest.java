package io.coterie.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.teststore.TestStore;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.KeyValue;
import io.coterie.testsupport.http.Http;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** How the host presents itself in the store, and how it keeps doing so when its lease is taken away. */
class HostKeyTest extends AgentTestBase {

    private final ConsensusClient store = TestStore.shared().client();

    private KeyValue hostKey() {
        return await().atMost(Duration.ofSeconds(30)).until(() -> store.get("sys/sched/hosts/" + HOST).join().orElse(null),
                key -> key != null);
    }

    @Test
    void theHostKeyDescribesTheHostForTheSchedulerUnderALease() {
        KeyValue key = hostKey();
        JsonNode host = Http.JSON.readTree(key.value());

        assertThat(key.lease()).isNotZero();
        assertThat(host.get("id").asString()).isEqualTo(HOST);
        assertThat(host.get("address").asString()).isEqualTo("127.0.0.1");
        assertThat(host.get("port").asInt()).isEqualTo(port);
        assertThat(host.get("cpus").asInt()).isPositive();
        assertThat(host.get("memoryBytes").asLong()).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(host.get("labels").get("zone").asString()).isEqualTo("test");
        assertThat(host.get("labels").get("disk").asString()).isEqualTo("ssd");
        assertThat(host.get("dataPaths").isArray()).isTrue();
        assertThat(host.has("monitorOnly")).isTrue();
        assertThat(Instant.parse(host.get("startedAt").asString())).isBefore(Instant.now());
        assertThat(store.get("names/sys/services/agent/" + HOST).join()).as("registered as a service too").isPresent();
    }

    @Test
    void aLostLeaseIsReplacedAndTheHostKeyComesBack() {
        long lease = hostKey().lease();

        store.revokeLease(lease).join();

        KeyValue back = await().atMost(Duration.ofSeconds(30)).until(
                () -> store.get("sys/sched/hosts/" + HOST).join().orElse(null), key -> key != null && key.lease() != lease);
        assertThat(back.lease()).isNotZero();
        await().atMost(Duration.ofSeconds(30)).until(admin::ready);
    }
}
