package io.coterie.scheduler.service.reconcile;

import io.coterie.consensus.client.Op;
import io.coterie.scheduler.service.reconcile.ClusterState.StoredJob;
import io.coterie.scheduler.service.store.PendingRecord;
import io.coterie.scheduler.service.store.SchedulerKeys;
import io.coterie.scheduler.service.store.StoreJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes why each unplaced replica waits ({@code sys/sched/pending/JOB/INDEX}), only when the
 * explanation changed (keeping {@code since}), and removes the entries of running jobs' replicas
 * that no longer wait. Stopped jobs' entries go with the job.
 */
final class PendingStep {

    private final FencedWrites writes;

    PendingStep(FencedWrites writes) {
        this.writes = writes;
    }

    void run(PassContext pass) {
        String now = Instant.now().toString();
        List<Op> ops = new ArrayList<>();
        for (Map.Entry<String, String> wanted : pass.pending.entrySet()) {
            PendingRecord existing = pass.state.pending().get(wanted.getKey());
            if (existing == null || !wanted.getValue().equals(existing.explanation())) {
                String since = existing != null && existing.since() != null ? existing.since() : now;
                ops.add(Op.put(SchedulerKeys.PENDING + wanted.getKey(), StoreJson.encode(new PendingRecord(wanted.getValue(), since))));
            }
        }
        for (String replica : pass.state.pending().keySet()) {
            StoredJob job = pass.state.jobs().get(replica.substring(0, Math.max(0, replica.indexOf('/'))));
            if (job != null && job.running() && !pass.pending.containsKey(replica)) {
                ops.add(Op.delete(SchedulerKeys.PENDING + replica));
            }
        }
        for (int from = 0; from < ops.size(); from += FencedWrites.MAX_OPS) {
            writes.commit(pass.token, List.of(), ops.subList(from, Math.min(ops.size(), from + FencedWrites.MAX_OPS)),
                    "writing pending explanations");
        }
    }
}
