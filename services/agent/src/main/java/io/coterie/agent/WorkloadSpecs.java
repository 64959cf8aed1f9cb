package io.coterie.agent;

import io.coterie.cgroups.CpuRequest;
import io.coterie.cgroups.WorkloadSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Turns an assignment into what libs/cgroups runs: the command, its environment, its CPU and memory, its logs. */
final class WorkloadSpecs {

    private final HostCapacity capacity;
    private final AllocationLogs logs;
    private final String hostId;

    WorkloadSpecs(HostCapacity capacity, AllocationLogs logs, String hostId) {
        this.capacity = capacity;
        this.logs = logs;
        this.hostId = hostId;
    }

    WorkloadSpec of(Assignment assignment) {
        return WorkloadSpec.builder(assignment.id(), assignment.command())
                .env(environment(assignment))
                .cpu(cpu(assignment))
                .memoryBytes(assignment.memoryBytes())
                .logDir(logs.dirOf(assignment.id()))
                .build();
    }

    /** The assignment's own variables, plus who the workload is; those cannot be overridden by the job. */
    private Map<String, String> environment(Assignment assignment) {
        Map<String, String> env = new LinkedHashMap<>(assignment.env());
        env.put("COTERIE_ALLOC_ID", assignment.id());
        env.put("COTERIE_JOB", assignment.job());
        env.put("COTERIE_INDEX", Integer.toString(assignment.index()));
        env.put("COTERIE_HOST", hostId);
        if (assignment.token() != null) {
            env.put("COTERIE_TOKEN", assignment.token());
        }
        return env;
    }

    /** The scheduler's host CPU ids become this machine's CPU ids (see {@link HostCapacity}). */
    private CpuRequest cpu(Assignment assignment) {
        if (!assignment.exclusive()) {
            return CpuRequest.shared(assignment.cpuMillis());
        }
        Set<Integer> machineCpus = new TreeSet<>();
        for (int hostCpu : assignment.exclusiveCpus()) {
            machineCpus.add(capacity.machineCpu(hostCpu).orElseThrow(() -> new InvalidAssignmentException(
                    "exclusive CPU " + hostCpu + " does not exist on this host (CPUs 0-" + (capacity.cpus() - 1) + ")")));
        }
        if (machineCpus.size() != assignment.exclusiveCpus().size()) {
            throw new InvalidAssignmentException("exclusive CPUs repeat: " + assignment.exclusiveCpus());
        }
        return CpuRequest.exclusiveCpus(machineCpus);
    }
}
