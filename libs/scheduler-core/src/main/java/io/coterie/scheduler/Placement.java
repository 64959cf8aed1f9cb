package io.coterie.scheduler;

import java.util.List;

/** The replica fits on {@code hostId} as things are; {@code exclusiveCpuIds} are the CPUs to pin (if any). */
public record Placement(String hostId, List<Integer> exclusiveCpuIds) implements Decision {

    public Placement {
        exclusiveCpuIds = List.copyOf(exclusiveCpuIds);
    }

    public Allocation allocation(String allocationId, JobSpec job, int index) {
        return Allocation.of(allocationId, job, index, hostId, exclusiveCpuIds);
    }
}
