package io.coterie.cgroups;

import java.util.Set;

/**
 * A workload group found on the machine, as the kernel describes it; what a restarted agent needs to
 * decide between re-adopting and cleaning up.
 *
 * @param group       path relative to the driver's anchor
 * @param exclusive   whether it holds whole CPUs
 * @param cpus        its CPUs (the shared set for shared workloads)
 * @param cpuMillis   its CPU bandwidth limit, 0 if none (exclusive workloads)
 * @param memoryBytes its memory limit, 0 if none
 * @param pids        the processes in it now; empty means the workload has ended and only the group is left
 */
public record WorkloadInfo(String id, String group, boolean exclusive, Set<Integer> cpus, long cpuMillis,
                           long memoryBytes, Set<Long> pids) {

    public boolean running() {
        return !pids.isEmpty();
    }
}
