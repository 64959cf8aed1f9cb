package io.coterie.scheduler;

import java.util.List;

/**
 * Nothing fits as things are, but evicting {@code victims} from {@code hostId} makes room. Every
 * victim has strictly lower priority than the job, they are listed least important first, and the
 * set is minimal in the sense that keeping any one of them would leave the replica without room
 * (not necessarily the fewest possible: that is a knapsack problem, and the greedy answer is
 * close enough).
 *
 * @param exclusiveCpuIds  the CPUs to pin once the victims are gone
 * @param withoutPreemption why no host took the replica without evicting anything
 */
public record PreemptionPlan(String hostId, List<Allocation> victims, List<Integer> exclusiveCpuIds,
                             Explanation withoutPreemption) implements Decision {

    public PreemptionPlan {
        victims = List.copyOf(victims);
        exclusiveCpuIds = List.copyOf(exclusiveCpuIds);
    }

    public Allocation allocation(String allocationId, JobSpec job, int index) {
        return Allocation.of(allocationId, job, index, hostId, exclusiveCpuIds);
    }
}
