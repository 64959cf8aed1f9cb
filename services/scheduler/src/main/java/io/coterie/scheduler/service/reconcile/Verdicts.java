package io.coterie.scheduler.service.reconcile;

import io.coterie.consensus.client.KeyValue;
import io.coterie.scheduler.Allocation;
import io.coterie.scheduler.service.store.BlockingStore;
import io.coterie.scheduler.service.store.SchedulerKeys;
import io.coterie.scheduler.service.store.StoreJson;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The statuses the scheduler writes itself, {@code lost} and {@code preempted}: the agent's last
 * report (restarts, usage, start time) with the verdict on top. Written in the transaction that
 * deletes the allocation; agents write a status only while the allocation exists, so the verdict
 * is the last word.
 */
final class Verdicts {

    static final String LOST = "lost";
    static final String PREEMPTED = "preempted";

    private final BlockingStore store;

    Verdicts(BlockingStore store) {
        this.store = store;
    }

    byte[] verdict(Allocation allocation, String state, String message) {
        String key = SchedulerKeys.status(allocation.id());
        Optional<KeyValue> last = store.get(key);
        ObjectNode status;
        try {
            status = last.isPresent() ? StoreJson.decodeObject(key, last.get().value()) : StoreJson.MAPPER.createObjectNode();
        } catch (IllegalStateException e) {
            status = StoreJson.MAPPER.createObjectNode();
        }
        status.put("id", allocation.id()).put("job", allocation.job()).put("index", allocation.index())
                .put("hostId", allocation.hostId()).put("state", state).put("endedAt", Instant.now().toString())
                .put("message", message);
        return StoreJson.encode(status);
    }
}
