package io.coterie.scheduler.service.reconcile;

import io.coterie.consensus.client.Compare;
import io.coterie.consensus.client.Op;
import io.coterie.scheduler.Allocation;
import io.coterie.scheduler.HostLedger;
import io.coterie.scheduler.service.reconcile.ClusterState.StoredAllocation;
import io.coterie.scheduler.service.reconcile.ClusterState.StoredJob;
import io.coterie.scheduler.service.reconcile.ClusterState.StoredReplica;
import io.coterie.scheduler.service.store.SchedulerKeys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes away what should not be there: the allocations of stopped jobs (and of jobs whose key
 * vanished), then, once a stopped job holds nothing, its statuses, pending entries, replica keys,
 * names and finally its job key; and replica keys that point at no allocation.
 */
final class CleanupStep {

    private static final Logger LOG = LoggerFactory.getLogger(CleanupStep.class);
    /** Three operations per allocation (allocation, replica, name) and the ledger stamp. */
    static final int BATCH = FencedWrites.MAX_OPS / 3;

    private final FencedWrites writes;

    CleanupStep(FencedWrites writes) {
        this.writes = writes;
    }

    void run(PassContext pass) {
        Set<String> lostHosts = pass.state.missingHosts();
        Map<String, List<Allocation>> unwanted = new LinkedHashMap<>();
        for (StoredAllocation stored : pass.state.allocations()) {
            Allocation allocation = stored.allocation();
            StoredJob job = pass.state.jobs().get(allocation.job());
            if ((job == null || !job.running()) && !lostHosts.contains(allocation.hostId())) {
                unwanted.computeIfAbsent(allocation.hostId(), host -> new ArrayList<>()).add(allocation);
            }
        }
        unwanted.forEach((hostId, allocations) -> {
            for (int from = 0; from < allocations.size(); from += BATCH) {
                remove(pass, hostId, allocations.subList(from, Math.min(allocations.size(), from + BATCH)));
            }
        });
        for (StoredJob job : pass.state.jobs().values()) {
            if (!job.running()) {
                forget(pass, job);
            }
        }
        forgetVanishedJobs(pass);
        dropDanglingReplicaKeys(pass);
    }

    private void remove(PassContext pass, String hostId, List<Allocation> allocations) {
        HostLedger after = pass.ledgers.committedOn(hostId, pass.snapshot);
        List<Op> then = new ArrayList<>();
        for (Allocation allocation : allocations) {
            after.remove(allocation.id());
            then.add(Op.delete(SchedulerKeys.allocation(hostId, allocation.id())));
            then.add(Op.delete(SchedulerKeys.replica(allocation.job(), allocation.index())));
            then.add(Op.delete(SchedulerKeys.name(allocation.job(), allocation.index()).storeKey()));
        }
        int left = pass.ledgers.count(hostId) - allocations.size();
        then.add(pass.ledgers.stamp(hostId, left));
        long revision = writes.commit(pass.token, List.of(pass.ledgers.unchanged(hostId)), then, "removing allocations from " + hostId);
        pass.ledgers.committed(hostId, revision, left, after);
        allocations.forEach(pass.snapshot::remove);
        pass.removed += allocations.size();
    }

    /** The last step of stopping a job: everything else it left, then its key. */
    private void forget(PassContext pass, StoredJob job) {
        String name = job.record().name();
        writes.commit(pass.token, List.of(Compare.modRevision(SchedulerKeys.job(name), Compare.Result.EQUAL, job.modRevision())),
                List.of(Op.deletePrefix(SchedulerKeys.statusesOf(name)), Op.deletePrefix(SchedulerKeys.pendingOf(name)),
                        Op.deletePrefix(SchedulerKeys.replicasOf(name)), Op.deletePrefix(SchedulerKeys.namesOf(name)),
                        Op.delete(SchedulerKeys.job(name))),
                "forgetting stopped job " + name);
        LOG.info("Job {} stopped and forgotten", name);
    }

    /**
     * Statuses an agent wrote after its job was gone (it reports the stop it was asked for),
     * pending entries and replica keys of a job key deleted by hand: removed while the job is absent.
     */
    private void forgetVanishedJobs(PassContext pass) {
        Set<String> vanished = new TreeSet<>(pass.state.statusJobs());
        pass.state.pending().keySet().forEach(replica -> vanished.add(replica.substring(0, Math.max(0, replica.indexOf('/')))));
        pass.state.replicas().values().forEach(replica -> vanished.add(replica.job()));
        vanished.removeAll(pass.state.jobs().keySet());
        vanished.remove("");
        for (String name : vanished) {
            writes.commit(pass.token, List.of(Compare.absent(SchedulerKeys.job(name))),
                    List.of(Op.deletePrefix(SchedulerKeys.statusesOf(name)), Op.deletePrefix(SchedulerKeys.pendingOf(name)),
                            Op.deletePrefix(SchedulerKeys.replicasOf(name))),
                    "forgetting what vanished job " + name + " left");
        }
    }

    /** A replica key is written with its allocation and deleted with it; one without is repaired, if still so at commit. */
    private void dropDanglingReplicaKeys(PassContext pass) {
        Set<String> allocated = new HashSet<>();
        pass.state.allocations().forEach(stored -> allocated.add(stored.allocation().id()));
        for (StoredReplica replica : pass.state.replicas().values()) {
            StoredJob job = pass.state.jobs().get(replica.job());
            if (job == null || !job.running() || allocated.contains(replica.record().alloc())) {
                continue;
            }
            String key = SchedulerKeys.replica(replica.job(), replica.index());
            LOG.warn("Replica key {} names allocation {}, which does not exist; removing it", key, replica.record().alloc());
            writes.commit(pass.token, List.of(Compare.modRevision(key, Compare.Result.EQUAL, replica.modRevision()),
                            Compare.absent(SchedulerKeys.allocation(replica.record().host(), replica.record().alloc()))),
                    List.of(Op.delete(key)), "removing dangling replica key " + key);
        }
    }
}
