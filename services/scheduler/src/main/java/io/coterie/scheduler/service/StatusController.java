package io.coterie.scheduler.service;

import io.coterie.consensus.client.KeyValue;
import io.coterie.scheduler.service.leadership.Leadership;
import io.coterie.scheduler.service.leadership.SchedulerInstance;
import io.coterie.scheduler.service.reconcile.PassReport;
import io.coterie.scheduler.service.reconcile.Reconciler;
import io.coterie.scheduler.service.store.BlockingStore;
import io.coterie.scheduler.service.store.LeaderRecord;
import io.coterie.scheduler.service.store.SchedulerKeys;
import io.coterie.scheduler.service.store.StoreJson;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/scheduler/status}: who leads (read from the store now, so every instance gives
 * the same answer), this instance, and what this instance's last pass did if it leads. Any valid
 * token may ask: it shows no job.
 */
@RestController
class StatusController {

    /**
     * @param fencingToken the leader key's create revision (null without a leader)
     * @param leading      whether this instance is the leader
     * @param lastPass     this instance's last completed pass, while it leads
     */
    record Status(LeaderRecord leader, SchedulerInstance self, Long fencingToken, boolean leading, PassReport lastPass) {
    }

    private final BlockingStore store;
    private final Leadership leadership;
    private final Reconciler reconciler;

    StatusController(BlockingStore store, Leadership leadership, Reconciler reconciler) {
        this.store = store;
        this.leadership = leadership;
        this.reconciler = reconciler;
    }

    @GetMapping("/v1/scheduler/status")
    Status status() {
        Optional<KeyValue> leader = store.get(SchedulerKeys.LEADER);
        boolean leading = leadership.token() != 0;
        return new Status(leader.map(kv -> StoreJson.decode(kv.key(), kv.value(), LeaderRecord.class)).orElse(null),
                leadership.self().orElse(null), leader.map(KeyValue::createRevision).orElse(null), leading,
                leading ? reconciler.lastPass().orElse(null) : null);
    }
}
