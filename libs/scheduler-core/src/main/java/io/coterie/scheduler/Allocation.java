package io.coterie.scheduler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * One replica of a job, bound to a host. For an exclusive CPU request it names the CPU ids it
 * pinned (ascending), so the host agent can build the cpuset and the ledger can tell them apart.
 */
public record Allocation(String id, String job, int index, String hostId, CpuRequest cpu,
                         List<Integer> exclusiveCpuIds, long memoryBytes, int priority) {

    public Allocation {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("allocation id must not be blank");
        }
        if (job == null || hostId == null || cpu == null) {
            throw new IllegalArgumentException("allocation " + id + ": job, host and cpu are required");
        }
        if (index < 0) {
            throw new IllegalArgumentException("allocation " + id + ": index must be 0 or more (got " + index + ")");
        }
        if (memoryBytes <= 0) {
            throw new IllegalArgumentException("allocation " + id + ": memory must be more than 0 bytes (got " + memoryBytes + ")");
        }
        if (priority < 0 || priority > JobSpec.MAX_PRIORITY) {
            throw new IllegalArgumentException("allocation " + id + ": priority must be between 0 and "
                    + JobSpec.MAX_PRIORITY + " (got " + priority + ")");
        }
        List<Integer> ids = new ArrayList<>(exclusiveCpuIds);
        ids.sort(null);
        int pinned = cpu instanceof CpuRequest.Exclusive exclusive ? exclusive.cpus() : 0;
        if (ids.size() != pinned || new HashSet<>(ids).size() != ids.size() || (!ids.isEmpty() && ids.get(0) < 0)) {
            throw new IllegalArgumentException("allocation " + id + ": a request for " + cpu
                    + " needs " + pinned + " distinct CPU ids (got " + exclusiveCpuIds + ")");
        }
        exclusiveCpuIds = List.copyOf(ids);
    }

    /** The allocation of replica {@code index} of {@code job} on {@code hostId}. */
    public static Allocation of(String id, JobSpec job, int index, String hostId, List<Integer> exclusiveCpuIds) {
        return new Allocation(id, job.name(), index, hostId, job.cpu(), exclusiveCpuIds, job.memoryBytes(), job.priority());
    }

    public Resources resources() {
        return new Resources(cpu, memoryBytes);
    }

    public boolean isExclusive() {
        return cpu instanceof CpuRequest.Exclusive;
    }
}
