package io.coterie.cgroups;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cgroup v1: one hierarchy per controller (or per co-mounted set such as "cpu,cpuacct"). A workload
 * group exists under the same relative path in each hierarchy and the process joins each one.
 *
 * <p>v1 peculiarities handled here: a new cpuset group starts with empty cpus and mems and refuses
 * tasks until both are set; a child's cpuset must stay within its parent's, so shrinking a parent
 * means shrinking its children first; a child's CFS quota may not exceed its parent's; the memory
 * limit must be written before, or after, memsw depending on direction (memsw may never be below it).
 */
public final class V1Driver extends CgroupDriver {

    private static final Logger log = LoggerFactory.getLogger(V1Driver.class);

    static final List<String> REQUIRED = List.of("cpu", "cpuacct", "cpuset", "memory");
    /** Joined when mounted: pids so the group is visible there too, freezer for a race-free kill. */
    static final List<String> OPTIONAL = List.of("pids", "freezer");

    /** v1 reports "no limit" as the largest page-aligned counter; anything this big means unlimited. */
    private static final long UNLIMITED_THRESHOLD = 1L << 62;
    private static final long DEFAULT_CFS_PERIOD_US = 100_000;
    private static final long MIN_CFS_QUOTA_US = 1_000;
    private static final long MAX_CFS_PERIOD_US = 1_000_000;

    /** Controller name to the anchor directory in its hierarchy (co-mounted controllers share one). */
    private final Map<String, Path> anchors;
    private final boolean swapAccounting;

    V1Driver(Map<String, Path> anchors) {
        for (String controller : REQUIRED) {
            if (!anchors.containsKey(controller)) {
                throw new IllegalArgumentException("missing v1 hierarchy for " + controller);
            }
        }
        this.anchors = Collections.unmodifiableMap(new LinkedHashMap<>(anchors));
        this.swapAccounting = Files.exists(dir("memory", "").resolve("memory.memsw.limit_in_bytes"));
        if (!swapAccounting) {
            log.info("cgroup v1 without swap accounting (memory.memsw.* absent, boot with swapaccount=1 to get it):"
                    + " workload memory limits cap RAM only; memory.swappiness=0 keeps the kernel from swapping them");
        }
    }

    @Override
    public String version() {
        return "v1";
    }

    @Override
    public boolean isEnforcing() {
        return true;
    }

    @Override
    public Set<Integer> availableCpus() {
        Path anchor = dir("cpuset", "");
        String effective = CgroupFiles.readIfPresent(anchor.resolve("cpuset.effective_cpus"))
                .orElseGet(() -> CgroupFiles.read(anchor.resolve("cpuset.cpus")));
        return CpuList.parse(effective);
    }

    @Override
    public Set<String> controllers() {
        return anchors.keySet();
    }

    @Override
    public String describe() {
        return "cgroup v1 " + anchors + (swapAccounting ? " with swap accounting" : " without swap accounting");
    }

    /** Each distinct hierarchy once: co-mounted controllers share a directory. */
    private Set<Path> hierarchies() {
        return new LinkedHashSet<>(anchors.values());
    }

    private Path dir(String controller, String group) {
        Path anchor = anchors.get(controller);
        return group.isEmpty() ? anchor : anchor.resolve(group);
    }

    @Override
    boolean exists(String group) {
        return hierarchies().stream().anyMatch(h -> Files.isDirectory(h.resolve(group)));
    }

    @Override
    void create(String group) {
        Path cpusetAnchor = anchors.get("cpuset");
        for (Path hierarchy : hierarchies()) {
            Path current = hierarchy;
            for (String segment : group.split("/")) {
                Path parent = current;
                current = current.resolve(segment);
                CgroupFiles.mkdir(current);
                if (hierarchy.equals(cpusetAnchor)) {
                    inheritCpusetIfEmpty(parent, current);
                }
            }
        }
    }

    /** A v1 cpuset group with empty cpus or mems rejects every task; start it with its parent's. */
    private static void inheritCpusetIfEmpty(Path parent, Path child) {
        if (CgroupFiles.read(child.resolve("cpuset.cpus")).isEmpty()) {
            CgroupFiles.write(child.resolve("cpuset.cpus"), CgroupFiles.read(parent.resolve("cpuset.cpus")));
        }
        if (CgroupFiles.read(child.resolve("cpuset.mems")).isEmpty()) {
            CgroupFiles.write(child.resolve("cpuset.mems"), CgroupFiles.read(parent.resolve("cpuset.mems")));
        }
    }

    @Override
    boolean remove(String group) {
        boolean removed = false;
        for (Path hierarchy : hierarchies()) {
            removed |= CgroupFiles.rmdir(hierarchy.resolve(group), RMDIR_PATIENCE_NANOS);
        }
        return removed;
    }

    @Override
    List<String> children(String group) {
        Set<String> names = new TreeSet<>();
        for (Path hierarchy : hierarchies()) {
            names.addAll(CgroupFiles.childGroups(group.isEmpty() ? hierarchy : hierarchy.resolve(group)));
        }
        return new ArrayList<>(names);
    }

    @Override
    Set<Integer> cpus(String group) {
        return CpuList.parse(CgroupFiles.read(dir("cpuset", group).resolve("cpuset.cpus")));
    }

    @Override
    void setCpus(String group, Set<Integer> cpus, boolean childrenMirror) {
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("a v1 cpuset group needs at least one CPU: " + group);
        }
        SortedSet<Integer> wanted = new TreeSet<>(cpus);
        Set<Integer> current = cpus(group);
        // Grow to the union first so children may follow, then narrow once they have.
        SortedSet<Integer> union = new TreeSet<>(current);
        union.addAll(wanted);
        Path file = dir("cpuset", group).resolve("cpuset.cpus");
        if (!union.equals(current)) {
            CgroupFiles.write(file, CpuList.format(union));
        }
        if (childrenMirror) {
            for (String child : CgroupFiles.childGroups(dir("cpuset", group))) {
                Path childFile = dir("cpuset", join(group, child)).resolve("cpuset.cpus");
                CgroupFiles.write(childFile, CpuList.format(wanted));
            }
        }
        if (!union.equals(wanted)) {
            CgroupFiles.write(file, CpuList.format(wanted));
        }
    }

    @Override
    void setCpuLimit(String group, long millis) {
        Path cpu = dir("cpu", group);
        // Lift the old quota first: a period change against a still-set quota can trip the parent check.
        CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), "-1");
        if (millis <= 0) {
            return;
        }
        long[] quotaAndPeriod = cfsQuotaAndPeriod(millis);
        CgroupFiles.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(quotaAndPeriod[1]));
        CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(quotaAndPeriod[0]));
    }

    /**
     * Quota and period in microseconds for a share of {@code millis}/1000 CPUs. The kernel's
     * minimum quota is 1 ms, so tiny shares get a longer period rather than a rounded-up share.
     */
    static long[] cfsQuotaAndPeriod(long millis) {
        long period = DEFAULT_CFS_PERIOD_US;
        long quota = millis * period / 1000;
        if (quota < MIN_CFS_QUOTA_US) {
            period = Math.min(MAX_CFS_PERIOD_US, (MIN_CFS_QUOTA_US * 1000 + millis - 1) / millis);
            quota = MIN_CFS_QUOTA_US;
        }
        return new long[] {quota, period};
    }

    @Override
    void setCpuShares(String group, long shares) {
        CgroupFiles.write(dir("cpu", group).resolve("cpu.shares"), Long.toString(shares));
    }

    @Override
    long cpuShares(String group) {
        return CgroupFiles.readLong(dir("cpu", group).resolve("cpu.shares"));
    }

    @Override
    long cpuLimitMillis(String group) {
        Path cpu = dir("cpu", group);
        long quota = CgroupFiles.readLong(cpu.resolve("cpu.cfs_quota_us"));
        if (quota < 0) {
            return 0;
        }
        long period = CgroupFiles.readLong(cpu.resolve("cpu.cfs_period_us"));
        return Math.round(quota * 1000.0 / period);
    }

    @Override
    void setMemoryLimit(String group, long bytes) {
        Path memory = dir("memory", group);
        Path limit = memory.resolve("memory.limit_in_bytes");
        Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
        String value = bytes <= 0 ? "-1" : Long.toString(bytes);
        if (!swapAccounting) {
            CgroupFiles.write(limit, value);
        } else {
            // memsw may never be below the memory limit, so the order depends on the direction.
            long current = memoryLimit(group);
            boolean raising = bytes <= 0 || (current != 0 && bytes > current);
            if (raising) {
                CgroupFiles.write(memsw, value);
                CgroupFiles.write(limit, value);
            } else {
                CgroupFiles.write(limit, value);
                CgroupFiles.write(memsw, value);
            }
        }
        if (bytes > 0) {
            CgroupFiles.write(memory.resolve("memory.swappiness"), "0");
        }
    }

    @Override
    long memoryLimit(String group) {
        long limit = CgroupFiles.readLong(dir("memory", group).resolve("memory.limit_in_bytes"));
        return limit >= UNLIMITED_THRESHOLD ? 0 : limit;
    }

    @Override
    Set<Long> pids(String group) {
        Set<Long> pids = new TreeSet<>();
        for (Path hierarchy : hierarchies()) {
            pids.addAll(CgroupFiles.pids(hierarchy.resolve(group).resolve("cgroup.procs")));
        }
        return pids;
    }

    @Override
    List<String> launcher(String group) {
        List<String> procsFiles = new ArrayList<>();
        for (Path hierarchy : hierarchies()) {
            procsFiles.add(hierarchy.resolve(group).resolve("cgroup.procs").toString());
        }
        return Launcher.enterThenExec(procsFiles);
    }

    @Override
    Usage usage(String group) {
        long cpuNanos = CgroupFiles.readLong(dir("cpuacct", group).resolve("cpuacct.usage"));
        Path memory = dir("memory", group);
        return new Usage(Duration.ofNanos(cpuNanos),
                CgroupFiles.readLong(memory.resolve("memory.usage_in_bytes")),
                OptionalLong.of(CgroupFiles.readLong(memory.resolve("memory.max_usage_in_bytes"))));
    }

    @Override
    OptionalLong oomKills(String group) {
        // "oom_kill" appeared in memory.oom_control in Linux 4.13; older kernels only say "under_oom".
        return CgroupFiles.readKey(dir("memory", group).resolve("memory.oom_control"), "oom_kill");
    }

    /** How often the group hit its limit; the pre-4.13 fallback for OOM detection. */
    long memoryFailCount(String group) {
        return CgroupFiles.readLong(dir("memory", group).resolve("memory.failcnt"));
    }

    @Override
    void killAll(String group) {
        Optional<Path> freezer = Optional.ofNullable(anchors.get("freezer")).map(a -> a.resolve(group));
        long deadline = System.nanoTime() + KILL_PATIENCE.toNanos();
        while (true) {
            Set<Long> pids = pids(group);
            if (pids.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new CgroupException("processes " + pids + " in " + group + " survived SIGKILL for " + KILL_PATIENCE);
            }
            // Frozen tasks can neither fork nor exit, so the pids we read are exactly the ones we hit.
            freezer.ifPresent(f -> freeze(f, true));
            try {
                Signals.kill(pids(group));
            } finally {
                freezer.ifPresent(f -> freeze(f, false));
            }
            awaitEmpty(group, Duration.ofMillis(500));
        }
    }

    private static void freeze(Path freezerGroup, boolean frozen) {
        Path state = freezerGroup.resolve("freezer.state");
        if (!Files.exists(state)) {
            return;
        }
        CgroupFiles.write(state, frozen ? "FROZEN" : "THAWED");
        if (frozen) {
            long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (!CgroupFiles.read(state).equals("FROZEN") && System.nanoTime() - deadline < 0) {
                CgroupFiles.pause();
            }
        }
    }
}
