package io.coterie.scheduler;

import java.util.Objects;

/** What one replica needs from a host. */
public record Resources(CpuRequest cpu, long memoryBytes) {

    public Resources {
        if (cpu == null) {
            throw new InvalidJobSpecException("cpu is required");
        }
        if (memoryBytes <= 0) {
            throw new InvalidJobSpecException("memory must be more than 0 bytes (got " + memoryBytes + ")");
        }
    }

    public static Resources of(CpuRequest cpu, long memoryBytes) {
        return new Resources(Objects.requireNonNull(cpu, "cpu"), memoryBytes);
    }
}
