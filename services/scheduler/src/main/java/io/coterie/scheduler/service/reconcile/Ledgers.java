package io.coterie.scheduler.service.reconcile;

import io.coterie.consensus.client.Compare;
import io.coterie.consensus.client.Op;
import io.coterie.scheduler.ClusterSnapshot;
import io.coterie.scheduler.HostLedger;
import io.coterie.scheduler.service.store.LedgerRecord;
import io.coterie.scheduler.service.store.SchedulerKeys;
import io.coterie.scheduler.service.store.StoreJson;
import java.util.HashMap;
import java.util.Map;

/**
 * The ledger keys as this pass knows them: the mod revision each commit compares, the allocation
 * count each commit stamps, and, per host, a {@link HostLedger} of what has committed, against
 * which every new allocation is checked once more (exact CPU ids and all) just before its commit.
 */
final class Ledgers {

    private final Map<String, Long> revisions;
    private final Map<String, Integer> counts = new HashMap<>();
    private final Map<String, HostLedger> committed = new HashMap<>();

    Ledgers(ClusterState state) {
        this.revisions = new HashMap<>(state.ledgers());
        state.allocations().forEach(allocation -> counts.merge(allocation.allocation().hostId(), 1, Integer::sum));
    }

    /** The host has not changed since this pass read it (or last committed to it). */
    Compare unchanged(String hostId) {
        return Compare.modRevision(SchedulerKeys.ledger(hostId), Compare.Result.EQUAL, revisions.getOrDefault(hostId, 0L));
    }

    int count(String hostId) {
        return counts.getOrDefault(hostId, 0);
    }

    /** The stamp for a host that will hold {@code count} allocations: deleted at zero, so forgotten hosts leave no key. */
    Op stamp(String hostId, int count) {
        return count == 0 ? Op.delete(SchedulerKeys.ledger(hostId))
                : Op.put(SchedulerKeys.ledger(hostId), StoreJson.encode(new LedgerRecord(count)));
    }

    /** What has committed on the host, starting from the snapshot the first time the host is touched. */
    HostLedger committedOn(String hostId, ClusterSnapshot snapshot) {
        return committed.computeIfAbsent(hostId, snapshot::ledger).copy();
    }

    void committed(String hostId, long revision, int count, HostLedger ledger) {
        revisions.put(hostId, count == 0 ? 0L : revision);
        counts.put(hostId, count);
        if (ledger != null) {
            committed.put(hostId, ledger);
        } else {
            committed.remove(hostId);
        }
    }
}
