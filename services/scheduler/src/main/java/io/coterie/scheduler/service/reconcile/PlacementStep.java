package io.coterie.scheduler.service.reconcile;

import io.coterie.consensus.client.Compare;
import io.coterie.consensus.client.Op;
import io.coterie.scheduler.Allocation;
import io.coterie.scheduler.HostLedger;
import io.coterie.scheduler.Pending;
import io.coterie.scheduler.PreemptionPlan;
import io.coterie.scheduler.ReplicaDecision;
import io.coterie.scheduler.ReplicaPlacer;
import io.coterie.scheduler.ReplicaPlan;
import io.coterie.scheduler.service.reconcile.ClusterState.StoredHost;
import io.coterie.scheduler.service.reconcile.ClusterState.StoredJob;
import io.coterie.scheduler.service.store.AllocationRecord;
import io.coterie.scheduler.service.store.PendingRecord;
import io.coterie.scheduler.service.store.ReplicaRecord;
import io.coterie.scheduler.service.store.SchedulerKeys;
import io.coterie.scheduler.service.store.StoreJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places the missing replicas of every running job, most important job first (so that what a
 * preemption evicts, always of lower priority, is placed again later in the same pass). Each
 * replica is one transaction (docs/scheduling.md, "No over-commit"): when this instance still
 * leads, the host's ledger and host key are as read, and the replica has no allocation, then put
 * the allocation, its replica key and name, evict the victims, stamp the ledger.
 */
final class PlacementStep {

    private static final Logger LOG = LoggerFactory.getLogger(PlacementStep.class);
    /** Five operations per victim (allocation, replica, name, pending, status); the placement itself takes five. */
    static final int VICTIMS_PER_COMMIT = (FencedWrites.MAX_OPS - 5) / 5;
    private static final Comparator<StoredJob> MOST_IMPORTANT_FIRST = Comparator
            .comparingInt((StoredJob job) -> job.spec().priority()).reversed()
            .thenComparing(job -> job.record().name());

    private final FencedWrites writes;
    private final Verdicts verdicts;
    private final ReplicaPlacer placer;
    private final Pids pids;

    PlacementStep(FencedWrites writes, Verdicts verdicts, ReplicaPlacer placer, Pids pids) {
        this.writes = writes;
        this.verdicts = verdicts;
        this.placer = placer;
        this.pids = pids;
    }

    void run(PassContext pass) {
        List<StoredJob> jobs = pass.state.jobs().values().stream()
                .filter(job -> job.running() && job.spec() != null)
                .sorted(MOST_IMPORTANT_FIRST)
                .toList();
        for (StoredJob job : jobs) {
            ReplicaPlan plan = placer.placeMissing(pass.snapshot, job.spec(), pids);
            for (ReplicaDecision replica : plan.decisions()) {
                if (replica.decision() instanceof Pending pending) {
                    pass.pending.put(ClusterState.replicaKey(job.record().name(), replica.index()), explain(pending));
                } else {
                    List<Allocation> victims = replica.decision() instanceof PreemptionPlan preemption ? preemption.victims() : List.of();
                    place(pass, job, replica.allocation().orElseThrow(), victims);
                }
            }
            pass.snapshot = plan.after();
        }
    }

    /** "0 hosts" would leave a reader wondering; say why there are none. */
    private static String explain(Pending pending) {
        return pending.explanation().hosts() == 0 ? "no hosts: no agent advertises one" : pending.explanation().toString();
    }

    private void place(PassContext pass, StoredJob job, Allocation allocation, List<Allocation> victims) {
        String hostId = allocation.hostId();
        StoredHost host = pass.state.hosts().get(hostId);
        if (host == null) {
            throw new IllegalStateException("the placer chose host " + hostId + ", which no agent advertises");
        }
        List<Allocation> inFinalCommit = victims;
        if (victims.size() > VICTIMS_PER_COMMIT) {
            // More victims than one transaction holds: the surplus goes first, in commits of their own.
            evict(pass, job, allocation, victims.subList(VICTIMS_PER_COMMIT, victims.size()));
            inFinalCommit = victims.subList(0, VICTIMS_PER_COMMIT);
        }
        HostLedger after = pass.ledgers.committedOn(hostId, pass.snapshot);
        inFinalCommit.forEach(victim -> after.remove(victim.id()));
        after.conflict(allocation).ifPresent(conflict -> {
            throw new StaleViewException("placement of " + allocation.id() + " fails the ledger check at commit: " + conflict);
        });
        after.add(allocation);
        long pid = Pids.pidOf(allocation.id());
        List<Op> then = new ArrayList<>();
        then.add(Op.put(SchedulerKeys.allocation(hostId, allocation.id()),
                StoreJson.encode(AllocationRecord.of(allocation, pid, job.record(), pass.token))));
        then.add(Op.put(SchedulerKeys.replica(allocation.job(), allocation.index()),
                StoreJson.encode(new ReplicaRecord(allocation.id(), hostId, pid))));
        then.add(Op.put(SchedulerKeys.name(allocation.job(), allocation.index()).storeKey(), NameEntries.of(allocation, pid, host.agent())));
        then.add(Op.delete(SchedulerKeys.pending(allocation.job(), allocation.index())));
        inFinalCommit.forEach(victim -> then.addAll(evictionOps(victim, allocation)));
        int count = pass.ledgers.count(hostId) + 1 - inFinalCommit.size();
        then.add(pass.ledgers.stamp(hostId, count));
        long revision = writes.commit(pass.token, List.of(
                        pass.ledgers.unchanged(hostId),
                        Compare.modRevision(SchedulerKeys.host(hostId), Compare.Result.EQUAL, host.modRevision()),
                        Compare.absent(SchedulerKeys.replica(allocation.job(), allocation.index()))),
                then, "placing " + allocation.id() + " on " + hostId);
        pass.ledgers.committed(hostId, revision, count, after);
        pass.placed++;
        pass.preempted += inFinalCommit.size();
        if (!victims.isEmpty()) {
            LOG.info("Placed {} on {} by preempting {}", allocation.id(), hostId, victims.stream().map(Allocation::id).toList());
        }
    }

    private void evict(PassContext pass, StoredJob job, Allocation forWhom, List<Allocation> victims) {
        String hostId = forWhom.hostId();
        for (int from = 0; from < victims.size(); from += VICTIMS_PER_COMMIT) {
            List<Allocation> batch = victims.subList(from, Math.min(victims.size(), from + VICTIMS_PER_COMMIT));
            HostLedger after = pass.ledgers.committedOn(hostId, pass.snapshot);
            List<Op> then = new ArrayList<>();
            batch.forEach(victim -> {
                after.remove(victim.id());
                then.addAll(evictionOps(victim, forWhom));
            });
            int count = pass.ledgers.count(hostId) - batch.size();
            then.add(pass.ledgers.stamp(hostId, count));
            long revision = writes.commit(pass.token, List.of(pass.ledgers.unchanged(hostId)), then,
                    "evicting for " + forWhom.id() + " of " + job.record().name());
            pass.ledgers.committed(hostId, revision, count, after);
            pass.preempted += batch.size();
        }
    }

    /** The victim goes, and its replica is pending again until the rest of the pass places it elsewhere. */
    private List<Op> evictionOps(Allocation victim, Allocation forWhom) {
        String why = "preempted by " + forWhom.job() + "/" + forWhom.index() + " (priority " + forWhom.priority() + ")";
        return List.of(Op.delete(SchedulerKeys.allocation(victim.hostId(), victim.id())),
                Op.delete(SchedulerKeys.replica(victim.job(), victim.index())),
                Op.delete(SchedulerKeys.name(victim.job(), victim.index()).storeKey()),
                Op.put(SchedulerKeys.pending(victim.job(), victim.index()),
                        StoreJson.encode(new PendingRecord(why, Instant.now().toString()))),
                Op.put(SchedulerKeys.status(victim.id()), verdicts.verdict(victim, Verdicts.PREEMPTED, why)));
    }
}
