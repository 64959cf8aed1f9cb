package io.coterie.scheduler.service.jobs;

import io.coterie.scheduler.CpuRequest;
import io.coterie.scheduler.JobSpec;

/**
 * What one job may ask for (the README's "Limits"). Command and environment travel in every
 * allocation's store value, and a placement transaction carries one such value plus the names and
 * pending entries it touches, so both are capped well below the store's 1 MiB value limit.
 */
public final class JobLimits {

    /**
     * Shorter than the 63 characters a job spec allows: an allocation id {@code JOB.INDEX.PID}
     * (index up to 999, PID up to 19 digits) names the agent's cgroup, which holds at most 64.
     */
    public static final int MAX_NAME_CHARS = 40;
    public static final int MAX_COMMAND_ARGS = 256;
    public static final int MAX_COMMAND_BYTES = 64 * 1024;
    public static final int MAX_ENV_VARS = 256;
    public static final int MAX_ENV_BYTES = 64 * 1024;
    public static final int MAX_CONSTRAINTS = 32;
    public static final int MAX_REPLICAS = JobSpec.MAX_REPLICAS;
    public static final int MAX_PRIORITY = JobSpec.MAX_PRIORITY;
    public static final int MAX_CPUS = CpuRequest.MAX_CPUS;
    /** 1 PiB: more than any host has, small enough that sums over a thousand replicas cannot overflow. */
    public static final long MAX_MEMORY_BYTES = 1L << 50;
    public static final int DEFAULT_MAX_RESTARTS = 3;

    private JobLimits() {
    }
}
