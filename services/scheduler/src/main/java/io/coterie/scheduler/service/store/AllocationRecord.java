package io.coterie.scheduler.service.store;

import io.coterie.scheduler.Allocation;
import io.coterie.scheduler.CpuRequest;
import java.util.List;
import java.util.Map;

/**
 * {@code sys/sched/allocs/HOST/ALLOC}: one replica the agent of HOST must run while the key exists.
 *
 * @param cpuMillis     a shared request's CFS quota in millicores; for an exclusive request 1000 per pinned CPU
 * @param exclusiveCpus the CPU ids to pin (empty for a shared request)
 * @param restart       what the agent does when the process exits
 * @param fencingToken  the fencing token of the leader that placed it
 */
public record AllocationRecord(String id, String job, int index, long pid, String hostId, long cpuMillis,
                               List<Integer> exclusiveCpus, long memoryBytes, int priority, List<String> command,
                               Map<String, String> env, Restart restart, long fencingToken) {

    /** The restart policy as the agent reads it: {@code {"mode":"on-failure","maxRestarts":3}}. */
    public record Restart(String mode, int maxRestarts) {
    }

    public static AllocationRecord of(Allocation allocation, long pid, JobRecord job, long fencingToken) {
        RestartRecord restart = job.restart() == null ? new RestartRecord("never", 0) : job.restart();
        return new AllocationRecord(allocation.id(), allocation.job(), allocation.index(), pid, allocation.hostId(),
                allocation.cpu().millicores(), allocation.exclusiveCpuIds(), allocation.memoryBytes(), allocation.priority(),
                job.command(), job.env() == null ? Map.of() : job.env(), new Restart(restart.policy(), restart.maxRestarts()),
                fencingToken);
    }

    /** What the ledgers count. Throws {@link IllegalArgumentException} for a value that breaks the allocation rules. */
    public Allocation toAllocation() {
        List<Integer> pinned = exclusiveCpus == null ? List.of() : exclusiveCpus;
        CpuRequest cpu = pinned.isEmpty() ? CpuRequest.shared(cpuMillis) : CpuRequest.exclusive(pinned.size());
        return new Allocation(id, job, index, hostId, cpu, pinned, memoryBytes, priority);
    }
}
