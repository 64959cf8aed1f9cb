package io.coterie.cgroups;

import java.util.Set;
import java.util.TreeSet;

/**
 * One Coterie host on this machine: several agents can share a machine as separate hosts, each with
 * its own group {@code <parent>/<hostId>} and its own capacity.
 *
 * @param parent        group path (relative to the driver's anchor) that holds the hosts, e.g. "coterie"
 * @param cpus          the machine CPUs this host may use
 * @param cpuMillis     the host's CPU capacity in thousandths of a CPU, enforced as the host group's quota
 * @param cpuShares     how strongly the host competes for busy CPUs with the rest of the machine (v1
 *                      cpu.shares units, 1024 = one ordinary process; v2 converts to cpu.weight). By default
 *                      it competes like as many processes as it has CPUs of capacity, which a machine full of
 *                      other busy processes can still crowd below its capacity: raise it to make the
 *                      capacity a guarantee rather than only a ceiling
 * @param memoryBytes   the host's memory capacity, enforced as the host group's limit; 0 for none
 * @param exclusivePool CPUs that may be handed out whole; at least one of {@code cpus} must stay outside it
 *                      so shared workloads always have somewhere to run
 */
public record HostSpec(String parent, String hostId, Set<Integer> cpus, long cpuMillis, long cpuShares,
                       long memoryBytes, Set<Integer> exclusivePool) {

    public HostSpec {
        Names.checkPath("parent", parent);
        Names.checkSegment("host id", hostId);
        cpus = Set.copyOf(new TreeSet<>(cpus));
        exclusivePool = Set.copyOf(new TreeSet<>(exclusivePool));
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("host " + hostId + " needs at least one CPU");
        }
        if (cpuMillis <= 0 || cpuMillis > cpus.size() * 1000L) {
            throw new IllegalArgumentException("host " + hostId + " CPU capacity must be in (0, " + cpus.size() * 1000L
                    + "] millis for " + cpus.size() + " CPUs: " + cpuMillis);
        }
        if (cpuShares < CgroupDriver.MIN_SHARES || cpuShares > CgroupDriver.MAX_SHARES) {
            throw new IllegalArgumentException("cpuShares must be in [" + CgroupDriver.MIN_SHARES + ", "
                    + CgroupDriver.MAX_SHARES + "]: " + cpuShares);
        }
        if (memoryBytes < 0) {
            throw new IllegalArgumentException("memoryBytes must not be negative: " + memoryBytes);
        }
        if (!cpus.containsAll(exclusivePool)) {
            throw new IllegalArgumentException("exclusive pool " + exclusivePool + " is not within the host's CPUs " + cpus);
        }
        if (exclusivePool.size() >= cpus.size()) {
            throw new IllegalArgumentException("exclusive pool " + exclusivePool + " leaves no CPU of " + cpus
                    + " for shared workloads");
        }
    }

    /** A host using {@code cpus} fully, with no memory cap and the given exclusive pool. */
    public static HostSpec of(String parent, String hostId, Set<Integer> cpus, Set<Integer> exclusivePool) {
        long millis = cpus.size() * 1000L;
        return new HostSpec(parent, hostId, cpus, millis, CgroupDriver.sharesForMillis(millis), 0, exclusivePool);
    }

    /** Also scales the default CPU shares with the new capacity. */
    public HostSpec withCpuMillis(long millis) {
        return new HostSpec(parent, hostId, cpus, millis, CgroupDriver.sharesForMillis(millis), memoryBytes,
                exclusivePool);
    }

    public HostSpec withCpuShares(long shares) {
        return new HostSpec(parent, hostId, cpus, cpuMillis, shares, memoryBytes, exclusivePool);
    }

    public HostSpec withMemoryBytes(long bytes) {
        return new HostSpec(parent, hostId, cpus, cpuMillis, cpuShares, bytes, exclusivePool);
    }

    String group() {
        return parent + "/" + hostId;
    }
}
