package io.coterie.scheduler;

import java.util.List;
import java.util.Optional;

/**
 * The decisions for several replicas of one job, made one after another, and the snapshot with
 * all of them applied (victims evicted, allocations booked). The snapshot the plan started from
 * is left as it was.
 */
public record ReplicaPlan(List<ReplicaDecision> decisions, ClusterSnapshot after) {

    public ReplicaPlan {
        decisions = List.copyOf(decisions);
    }

    public List<Allocation> allocations() {
        return decisions.stream().map(ReplicaDecision::allocation).flatMap(Optional::stream).toList();
    }

    /** Allocations to evict, in the order the plans chose them. */
    public List<Allocation> victims() {
        return decisions.stream()
                .filter(replica -> replica.decision() instanceof PreemptionPlan)
                .flatMap(replica -> ((PreemptionPlan) replica.decision()).victims().stream())
                .toList();
    }

    public List<ReplicaDecision> pending() {
        return decisions.stream().filter(replica -> replica.decision() instanceof Pending).toList();
    }
}
