package io.coterie.scheduler.service.reconcile;

import io.coterie.consensus.client.Compare;
import io.coterie.consensus.client.Op;
import io.coterie.scheduler.Allocation;
import io.coterie.scheduler.ClusterSnapshot;
import io.coterie.scheduler.Host;
import io.coterie.scheduler.HostLedger;
import io.coterie.scheduler.HostLoss;
import io.coterie.scheduler.LedgerConflictException;
import io.coterie.scheduler.service.reconcile.ClusterState.StoredAllocation;
import io.coterie.scheduler.service.reconcile.ClusterState.StoredHost;
import io.coterie.scheduler.service.store.SchedulerKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the pass's snapshot and settles host loss (docs/scheduling.md, "Host loss"): for every
 * host that holds allocations but has no usable host key, one transaction per batch deletes the
 * allocations, their replica keys and names, writes {@code lost} statuses and stamps the ledger,
 * on condition that the host is still gone. The replacements are placed later in the same pass,
 * on the snapshot with the lost hosts down.
 */
final class HostLossStep {

    private static final Logger LOG = LoggerFactory.getLogger(HostLossStep.class);
    /** Four operations per lost allocation (allocation, replica, name, status) and the ledger stamp. */
    static final int BATCH = FencedWrites.MAX_OPS / 4;

    private final Verdicts verdicts;
    private final FencedWrites writes;

    HostLossStep(Verdicts verdicts, FencedWrites writes) {
        this.verdicts = verdicts;
        this.writes = writes;
    }

    void run(PassContext pass) {
        ClusterSnapshot snapshot = snapshot(pass.state);
        if (pass.state.missingHosts().isEmpty()) {
            pass.snapshot = snapshot;
            return;
        }
        HostLoss loss = HostLoss.of(snapshot, pass.state.missingHosts());
        Map<String, List<Allocation>> byHost = new LinkedHashMap<>();
        loss.lost().forEach(allocation -> byHost.computeIfAbsent(allocation.hostId(), host -> new ArrayList<>()).add(allocation));
        for (Map.Entry<String, List<Allocation>> host : byHost.entrySet()) {
            List<Allocation> lost = host.getValue();
            for (int from = 0; from < lost.size(); from += BATCH) {
                commit(pass, host.getKey(), lost.subList(from, Math.min(lost.size(), from + BATCH)));
            }
            LOG.warn("Host {} is gone: {} allocations marked lost, to be placed again", host.getKey(), lost.size());
        }
        pass.lost += loss.lost().size();
        pass.snapshot = loss.after();
    }

    /** Usable hosts as reported (grown if they report less than they hold), and stand-ins for missing ones. */
    private static ClusterSnapshot snapshot(ClusterState state) {
        Map<String, List<Allocation>> byHost = new LinkedHashMap<>();
        state.allocations().forEach(stored -> byHost.computeIfAbsent(stored.allocation().hostId(), h -> new ArrayList<>())
                .add(stored.allocation()));
        List<Host> hosts = new ArrayList<>();
        for (StoredHost stored : state.hosts().values()) {
            List<Allocation> held = byHost.getOrDefault(stored.host().id(), List.of());
            try {
                HostLedger.of(stored.host(), held);
                hosts.add(stored.host());
            } catch (LedgerConflictException e) {
                LOG.warn("Host {} reports less than its allocations hold ({}); nothing more is placed there", stored.host().id(),
                        e.getMessage());
                hosts.add(StandInHosts.grown(stored.host(), held));
            }
        }
        state.missingHosts().forEach(hostId -> hosts.add(StandInHosts.holding(hostId, byHost.get(hostId))));
        return ClusterSnapshot.of(hosts, state.allocations().stream().map(StoredAllocation::allocation).toList());
    }

    private void commit(PassContext pass, String hostId, List<Allocation> lost) {
        Long hostRevision = pass.state.hostRevisions().get(hostId);
        List<Compare> when = List.of(pass.ledgers.unchanged(hostId), hostRevision == null
                ? Compare.absent(SchedulerKeys.host(hostId))
                : Compare.modRevision(SchedulerKeys.host(hostId), Compare.Result.EQUAL, hostRevision));
        List<Op> then = new ArrayList<>();
        for (Allocation allocation : lost) {
            then.add(Op.delete(SchedulerKeys.allocation(hostId, allocation.id())));
            then.add(Op.delete(SchedulerKeys.replica(allocation.job(), allocation.index())));
            then.add(Op.delete(SchedulerKeys.name(allocation.job(), allocation.index()).storeKey()));
            then.add(Op.put(SchedulerKeys.status(allocation.id()), verdicts.verdict(allocation, Verdicts.LOST,
                    "host " + hostId + " was lost (its agent stopped renewing its lease); replaced elsewhere")));
        }
        int left = pass.ledgers.count(hostId) - lost.size();
        then.add(pass.ledgers.stamp(hostId, left));
        long revision = writes.commit(pass.token, when, then, "host loss of " + hostId);
        pass.ledgers.committed(hostId, revision, left, null);
    }
}
