package io.coterie.cgroups;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The kernel interface one machine offers: cgroup v2 ({@link V2Driver}), v1 ({@link V1Driver}) or,
 * only when the caller asked for it, none at all ({@link MonitorOnlyDriver}). Obtain one with
 * {@link Cgroups#detect()} and hand it to {@link HostCgroup#create}.
 *
 * <p>Groups are named by paths relative to the driver's anchor (the agent's own cgroup, unless
 * {@link Cgroups.Options#anchor} says otherwise), e.g. {@code coterie/host-1/shared/web-1}; the
 * same relative path names the group in every v1 hierarchy. The group operations are package
 * private: callers work with {@link HostCgroup} and {@link Workload}, which keep the cpuset
 * bookkeeping consistent.
 */
public abstract sealed class CgroupDriver permits V1Driver, V2Driver, MonitorOnlyDriver {

    /** How long removal waits for the kernel to let go of a group whose last task just died. */
    static final long RMDIR_PATIENCE_NANOS = Duration.ofSeconds(5).toNanos();
    /** How long a SIGKILL sweep may take before we call the group stuck (e.g. a task in D state). */
    static final Duration KILL_PATIENCE = Duration.ofSeconds(10);

    CgroupDriver() {
    }

    /** "v1", "v2", or "none" for monitor-only. */
    public abstract String version();

    /** False only for monitor-only mode, where workloads run without any CPU or memory limit. */
    public abstract boolean isEnforcing();

    /** The CPUs the agent's own cgroup may use; a host's CPUs must come from these. */
    public abstract Set<Integer> availableCpus();

    /**
     * The controllers a workload is placed under, named as /proc/PID/cgroup names them (v1:
     * one line per hierarchy; v2: the single "" hierarchy).
     */
    public abstract Set<String> controllers();

    /** Mounts and anchor, for logs and error messages. */
    public abstract String describe();

    @Override
    public String toString() {
        return describe();
    }

    abstract boolean exists(String group);

    /** Creates the group and any missing ancestors; a no-op for parts that exist. */
    abstract void create(String group);

    /** Removes an empty leaf group from every hierarchy; false when it was not there at all. */
    abstract boolean remove(String group);

    /** Child group names, across all hierarchies (a crash mid-create can leave a name in only some). */
    abstract List<String> children(String group);

    /** The group's own CPU list; for a v2 group that inherits, its effective list. */
    abstract Set<Integer> cpus(String group);

    /**
     * Sets the group's CPU list. With {@code childrenMirror}, the direct children are kept equal
     * to it (the "shared" group's workloads follow it as exclusive CPUs come and go); v1 demands
     * children stay subsets of their parent, hence the ordering inside.
     */
    abstract void setCpus(String group, Set<Integer> cpus, boolean childrenMirror);

    /** CFS bandwidth limit in thousandths of a CPU; 0 removes the limit. */
    abstract void setCpuLimit(String group, long millis);

    /** 0 when the group has no CPU bandwidth limit of its own. */
    abstract long cpuLimitMillis(String group);

    /**
     * How strongly the group competes for CPU with its siblings when CPUs are busy, in v1
     * cpu.shares units (1024 = one ordinary process, range 2..262144); v2 translates to cpu.weight.
     */
    abstract void setCpuShares(String group, long shares);

    abstract long cpuShares(String group);

    static final long MIN_SHARES = 2;
    static final long MAX_SHARES = 262_144;

    /** Kubernetes' rule: a request of N millicpu competes like N/1000 ordinary processes. */
    static long sharesForMillis(long millis) {
        return Math.max(MIN_SHARES, Math.min(MAX_SHARES, millis * 1024 / 1000));
    }

    /** Memory limit in bytes, with swap disabled where the kernel lets us; 0 removes the limit. */
    abstract void setMemoryLimit(String group, long bytes);

    /** 0 when the group has no memory limit of its own. */
    abstract long memoryLimit(String group);

    abstract Set<Long> pids(String group);

    /**
     * The argv prefix that puts the new process into the group and then execs the workload, so
     * the workload's first instruction already runs inside it. Empty for monitor-only.
     */
    abstract List<String> launcher(String group);

    /** Called right after launch; only monitor-only needs to know the process. */
    void started(String group, Process process) {
    }

    abstract Usage usage(String group);

    /** OOM kills inside the group since it was created; empty when this kernel does not count them. */
    abstract OptionalLong oomKills(String group);

    /** Sends SIGTERM to every process in the group. */
    void terminateAll(String group) {
        Signals.terminate(pids(group));
    }

    /** SIGKILLs every process in the group (including ones forked meanwhile) until it is empty. */
    abstract void killAll(String group);

    /** Waits until no process is left in the group; false if {@code timeout} passed first. */
    boolean awaitEmpty(String group, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pids(group).isEmpty()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            CgroupFiles.pause();
        }
        return true;
    }

    static String join(String parent, String child) {
        return parent.isEmpty() ? child : parent + "/" + child;
    }
}
