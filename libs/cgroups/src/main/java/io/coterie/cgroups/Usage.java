package io.coterie.cgroups;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * What a workload's group has consumed: CPU time since the group was created (all its processes,
 * dead ones included, from cpuacct.usage in v1 or cpu.stat usage_usec in v2) and its memory charge
 * now and at its highest (v1 memory.max_usage_in_bytes, v2 memory.peak; the latter exists only
 * since Linux 5.19, hence optional). In monitor-only mode the figures cover the live process tree only.
 */
public record Usage(Duration cpuTime, long memoryBytes, OptionalLong peakMemoryBytes) {

    /** CPU time in (fractional) seconds, the unit the requirements speak in. */
    public double cpuSeconds() {
        return cpuTime.toNanos() / 1e9;
    }
}
