package io.coterie.agent;

import static org.awaitility.Awaitility.await;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.KeyValue;
import io.coterie.testsupport.http.Http;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/** Plays the scheduler's part for tests: writes assignments as docs/scheduling.md describes them, reads statuses. */
final class Scheduler {

    private final ConsensusClient store;
    private final String host;

    Scheduler(ConsensusClient store, String host) {
        this.store = store;
        this.host = host;
    }

    /** An assignment of replica {@code index} of {@code job}, shared CPU, never restarted, 64 MiB. */
    static Map<String, Object> assignment(String job, int index, long pid, List<String> command) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", job + "." + index + "." + pid);
        value.put("job", job);
        value.put("index", index);
        value.put("pid", pid);
        value.put("cpuMillis", 200);
        value.put("exclusiveCpus", List.of());
        value.put("memoryBytes", 64L * 1024 * 1024);
        value.put("priority", 50);
        value.put("command", command);
        value.put("env", Map.of());
        value.put("restart", Map.of("mode", "never", "maxRestarts", 0));
        value.put("token", "token-of-" + job);
        return value;
    }

    String assign(Map<String, Object> assignment) {
        String id = (String) assignment.get("id");
        Map<String, Object> value = new LinkedHashMap<>(assignment);
        value.put("hostId", host);
        store.put("sys/sched/allocs/" + host + "/" + id, Http.JSON.writeValueAsBytes(value)).join();
        return id;
    }

    void assignRaw(String allocId, String value) {
        store.put("sys/sched/allocs/" + host + "/" + allocId, value.getBytes(java.nio.charset.StandardCharsets.UTF_8)).join();
    }

    void unassign(String allocId) {
        store.delete("sys/sched/allocs/" + host + "/" + allocId).join();
    }

    /** Deletes every assignment of the host and every status, as stopping all jobs would. */
    void unassignAll() {
        store.deletePrefix("sys/sched/allocs/" + host + "/").join();
        store.deletePrefix("sys/sched/status/").join();
    }

    Optional<JsonNode> status(String allocId) {
        return store.get("sys/sched/status/" + allocId).join().map(KeyValue::value).map(Http.JSON::readTree);
    }

    JsonNode awaitStatus(String allocId, Predicate<JsonNode> until) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> status(allocId).orElse(null),
                status -> status != null && until.test(status));
    }

    static Predicate<JsonNode> state(String state) {
        return status -> state.equals(status.path("state").asString());
    }

    Optional<JsonNode> hostKey() {
        return store.get("sys/sched/hosts/" + host).join().map(KeyValue::value).map(Http.JSON::readTree);
    }
}
