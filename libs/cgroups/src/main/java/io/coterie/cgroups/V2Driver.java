package io.coterie.cgroups;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * cgroup v2: one hierarchy; a controller works in a group only if its parent lists it in
 * cgroup.subtree_control, and (outside the root) a group with enabled controllers may not hold
 * processes itself. That last rule is why the anchor must be a group the agent does not sit in
 * when it is not the root: see {@link Cgroups.Options#anchor}.
 */
public final class V2Driver extends CgroupDriver {

    static final List<String> REQUIRED = List.of("cpu", "cpuset", "memory");
    static final List<String> OPTIONAL = List.of("pids");

    private final Path mountPoint;
    private final Path anchor;
    private final List<String> controllers;

    V2Driver(Path mountPoint, Path anchor, Set<String> available) {
        this.mountPoint = mountPoint;
        this.anchor = anchor;
        List<String> enabled = new ArrayList<>(REQUIRED);
        OPTIONAL.stream().filter(available::contains).forEach(enabled::add);
        this.controllers = List.copyOf(enabled);
    }

    @Override
    public String version() {
        return "v2";
    }

    @Override
    public boolean isEnforcing() {
        return true;
    }

    @Override
    public Set<Integer> availableCpus() {
        return CpuList.parse(CgroupFiles.readIfPresent(anchor.resolve("cpuset.cpus.effective"))
                .orElseGet(() -> CgroupFiles.read(Path.of("/sys/devices/system/cpu/online"))));
    }

    @Override
    public Set<String> controllers() {
        return Set.of("");
    }

    @Override
    public String describe() {
        return "cgroup v2 at " + mountPoint + ", anchor " + anchor + ", controllers " + controllers;
    }

    private Path dir(String group) {
        return group.isEmpty() ? anchor : anchor.resolve(group);
    }

    @Override
    boolean exists(String group) {
        return Files.isDirectory(dir(group));
    }

    @Override
    void create(String group) {
        Path current = anchor;
        for (String segment : group.split("/")) {
            enableControllersBelow(current);
            current = current.resolve(segment);
            CgroupFiles.mkdir(current);
        }
    }

    private void enableControllersBelow(Path parent) {
        Path subtreeControl = parent.resolve("cgroup.subtree_control");
        Set<String> enabled = Set.of(CgroupFiles.read(subtreeControl).split("\\s+"));
        for (String controller : controllers) {
            if (enabled.contains(controller)) {
                continue;
            }
            try {
                // One controller per write, so the error names the one the kernel refused.
                CgroupFiles.write(subtreeControl, "+" + controller);
            } catch (CgroupException e) {
                boolean hasProcesses = !CgroupFiles.pids(parent.resolve("cgroup.procs")).isEmpty();
                throw new CgroupException("cannot enable the " + controller + " controller below " + parent
                        + (hasProcesses && !parent.equals(mountPoint)
                                ? ": it holds processes, and cgroup v2 allows controllers only in groups without"
                                  + " them. Run the agent in a leaf of its delegated group and anchor the library at the"
                                  + " group itself (Cgroups.Options.anchor)"
                                : "") + " (" + e.getMessage() + ")", e);
            }
        }
    }

    @Override
    boolean remove(String group) {
        return CgroupFiles.rmdir(dir(group), RMDIR_PATIENCE_NANOS);
    }

    @Override
    List<String> children(String group) {
        return new ArrayList<>(new TreeSet<>(CgroupFiles.childGroups(dir(group))));
    }

    @Override
    Set<Integer> cpus(String group) {
        String own = CgroupFiles.read(dir(group).resolve("cpuset.cpus"));
        return CpuList.parse(own.isEmpty() ? CgroupFiles.read(dir(group).resolve("cpuset.cpus.effective")) : own);
    }

    @Override
    void setCpus(String group, Set<Integer> cpus, boolean childrenMirror) {
        // Children with an empty cpuset.cpus inherit the parent's effective list, and v2 lets a
        // parent shrink under its children, so mirroring needs no work here.
        CgroupFiles.write(dir(group).resolve("cpuset.cpus"), CpuList.format(cpus));
    }

    @Override
    void setCpuLimit(String group, long millis) {
        String value;
        if (millis <= 0) {
            value = "max 100000";
        } else {
            long[] quotaAndPeriod = V1Driver.cfsQuotaAndPeriod(millis);
            value = quotaAndPeriod[0] + " " + quotaAndPeriod[1];
        }
        CgroupFiles.write(dir(group).resolve("cpu.max"), value);
    }

    @Override
    void setCpuShares(String group, long shares) {
        CgroupFiles.write(dir(group).resolve("cpu.weight"), Long.toString(weightForShares(shares)));
    }

    /** The mapping of v1 shares [2, 262144] onto v2 weights [1, 10000] that runc and Kubernetes use. */
    static long weightForShares(long shares) {
        return 1 + ((shares - MIN_SHARES) * 9999) / (MAX_SHARES - MIN_SHARES);
    }

    @Override
    long cpuShares(String group) {
        long weight = CgroupFiles.readLong(dir(group).resolve("cpu.weight"));
        return MIN_SHARES + ((weight - 1) * (MAX_SHARES - MIN_SHARES) + 9998) / 9999;
    }

    @Override
    long cpuLimitMillis(String group) {
        String[] parts = CgroupFiles.read(dir(group).resolve("cpu.max")).split("\\s+");
        if (parts[0].equals("max")) {
            return 0;
        }
        return Math.round(Long.parseLong(parts[0]) * 1000.0 / Long.parseLong(parts[1]));
    }

    @Override
    void setMemoryLimit(String group, long bytes) {
        CgroupFiles.write(dir(group).resolve("memory.max"), bytes <= 0 ? "max" : Long.toString(bytes));
        // Without this the limit only caps RAM and the workload pages out instead of being stopped.
        Path swapMax = dir(group).resolve("memory.swap.max");
        if (bytes > 0 && Files.exists(swapMax)) {
            CgroupFiles.write(swapMax, "0");
        }
    }

    @Override
    long memoryLimit(String group) {
        String value = CgroupFiles.read(dir(group).resolve("memory.max"));
        return value.equals("max") ? 0 : Long.parseLong(value);
    }

    @Override
    Set<Long> pids(String group) {
        return new TreeSet<>(CgroupFiles.pids(dir(group).resolve("cgroup.procs")));
    }

    @Override
    List<String> launcher(String group) {
        return Launcher.enterThenExec(List.of(dir(group).resolve("cgroup.procs").toString()));
    }

    @Override
    Usage usage(String group) {
        long usageMicros = CgroupFiles.readKey(dir(group).resolve("cpu.stat"), "usage_usec").orElse(0);
        Path peak = dir(group).resolve("memory.peak");
        return new Usage(Duration.ofNanos(usageMicros * 1000),
                CgroupFiles.readLong(dir(group).resolve("memory.current")),
                Files.exists(peak) ? OptionalLong.of(CgroupFiles.readLong(peak)) : OptionalLong.empty());
    }

    @Override
    OptionalLong oomKills(String group) {
        return CgroupFiles.readKey(dir(group).resolve("memory.events"), "oom_kill");
    }

    @Override
    void killAll(String group) {
        Path kill = dir(group).resolve("cgroup.kill");
        long deadline = System.nanoTime() + KILL_PATIENCE.toNanos();
        while (true) {
            Set<Long> pids = pids(group);
            if (pids.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new CgroupException("processes " + pids + " in " + group + " survived SIGKILL for " + KILL_PATIENCE);
            }
            if (Files.exists(kill)) {
                // Linux 5.14+: the kernel kills the whole group atomically, forks in flight included.
                CgroupFiles.write(kill, "1");
            } else {
                Path freeze = dir(group).resolve("cgroup.freeze");
                CgroupFiles.write(freeze, "1");
                try {
                    Signals.kill(pids(group));
                } finally {
                    CgroupFiles.write(freeze, "0");
                }
            }
            awaitEmpty(group, Duration.ofMillis(500));
        }
    }
}
