package io.coterie.scheduler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Places several replicas of a job against a working copy of the snapshot, so replica 2 sees
 * replica 1 (and the room its preemptions made). Costs one placer pass per replica until the
 * first pending one: after that nothing has changed, so the rest get the same explanation.
 */
public final class ReplicaPlacer {

    private final Placer placer;

    public ReplicaPlacer(Placer placer) {
        this.placer = placer;
    }

    public ReplicaPlacer() {
        this(new Placer());
    }

    /** Every replica of the job, 0 to replicas-1, as if none were placed yet. */
    public ReplicaPlan placeAll(ClusterSnapshot cluster, JobSpec job, AllocationIds ids) {
        return place(cluster, job, IntStream.range(0, job.replicas()).boxed().toList(), ids);
    }

    /** The replicas below {@code job.replicas()} that have no allocation in the snapshot (after a host loss, say). */
    public ReplicaPlan placeMissing(ClusterSnapshot cluster, JobSpec job, AllocationIds ids) {
        Set<Integer> present = new HashSet<>();
        cluster.allocationsOf(job.name()).forEach(allocation -> present.add(allocation.index()));
        return place(cluster, job, IntStream.range(0, job.replicas()).filter(index -> !present.contains(index)).boxed().toList(), ids);
    }

    public ReplicaPlan place(ClusterSnapshot cluster, JobSpec job, List<Integer> indexes, AllocationIds ids) {
        ClusterSnapshot working = cluster.copy();
        List<ReplicaDecision> decisions = new ArrayList<>(indexes.size());
        Pending stuck = null;
        for (int index : indexes) {
            Decision decision = stuck != null ? stuck : placer.place(working, job);
            if (decision instanceof Pending pending) {
                stuck = pending;
                decisions.add(new ReplicaDecision(index, decision, Optional.empty()));
            } else {
                decisions.add(new ReplicaDecision(index, decision, working.apply(decision, ids.idFor(job, index), job, index)));
            }
        }
        return new ReplicaPlan(decisions, working);
    }
}
