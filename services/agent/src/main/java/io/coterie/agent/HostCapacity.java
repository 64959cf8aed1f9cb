package io.coterie.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What this host offers, and how the scheduler's CPU ids map onto the machine's. The scheduler
 * numbers a host's CPUs 0..cpus-1 and pins the lowest free ones first; host CPU {@code i} is the
 * {@code i}-th of the machine CPUs this host uses.
 *
 * @param machineCpus the machine's CPU ids this host uses, ascending
 */
record HostCapacity(List<Integer> machineCpus, long memoryBytes) {

    static final long MiB = 1024 * 1024;
    /** The machine's own processes (and the agent) need memory too. */
    static final long MIN_RESERVE = 512 * MiB;

    HostCapacity {
        machineCpus = List.copyOf(new TreeSet<>(machineCpus));
        if (machineCpus.isEmpty()) {
            throw new IllegalArgumentException("a host needs at least one CPU");
        }
        if (memoryBytes <= 0) {
            throw new IllegalArgumentException("a host needs some memory (got " + memoryBytes + " bytes)");
        }
    }

    /**
     * The first {@code cpus} CPUs the agent may use (all by default), and {@code memory} bytes or by
     * default the machine's memory minus a tenth of it (at least 512 MiB, at most half).
     */
    static HostCapacity resolve(Integer cpus, Long memory, Set<Integer> availableCpus, long machineMemory) {
        List<Integer> available = new ArrayList<>(new TreeSet<>(availableCpus));
        int count = cpus == null ? available.size() : cpus;
        if (count > available.size()) {
            throw new IllegalArgumentException("coterie.agent.cpus is " + count + " but only " + available.size()
                    + " CPUs (" + available + ") are available to the agent");
        }
        long bytes = memory != null ? memory : machineMemory - Math.min(machineMemory / 2, Math.max(MIN_RESERVE, machineMemory / 10));
        return new HostCapacity(available.subList(0, count), bytes);
    }

    int cpus() {
        return machineCpus.size();
    }

    /**
     * The machine CPUs that may be pinned: all but the last, because shared workloads always need
     * one CPU to run on. The scheduler pins from the lowest id up, so only a request for the host's
     * last free CPU is refused.
     */
    Set<Integer> exclusivePool() {
        return Set.copyOf(machineCpus.subList(0, machineCpus.size() - 1));
    }

    /** The machine CPU behind host CPU {@code hostCpu}, if the host has one. */
    Optional<Integer> machineCpu(int hostCpu) {
        return hostCpu >= 0 && hostCpu < machineCpus.size() ? Optional.of(machineCpus.get(hostCpu)) : Optional.empty();
    }
}
