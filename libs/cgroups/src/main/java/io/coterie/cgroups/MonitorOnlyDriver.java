package io.coterie.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * No enforcement at all: chosen only through {@link Cgroups.Options#monitorOnlyIfUnavailable}, on
 * machines where cgroups cannot be written (an unprivileged container, a developer laptop). The
 * workload runs unconstrained; limits are remembered but not applied, so capacity bookkeeping still
 * works. A "group" is the workload's main process and its descendants, which a process that
 * re-parents itself (a daemon) escapes; usage covers live processes only; OOM kills are never
 * reported; nothing survives an agent restart, so {@link HostCgroup#listWorkloads()} shows only
 * what this instance started.
 */
public final class MonitorOnlyDriver extends CgroupDriver {

    private final String reason;
    private final Map<String, GroupState> groups = new ConcurrentHashMap<>();

    private static final class GroupState {
        volatile Set<Integer> cpus;
        volatile long cpuMillis;
        volatile long memoryBytes;
        volatile ProcessHandle main;

        GroupState(Set<Integer> cpus) {
            this.cpus = cpus;
        }
    }

    MonitorOnlyDriver(String reason) {
        this.reason = reason;
    }

    /** Why cgroups could not be used. */
    public String reason() {
        return reason;
    }

    @Override
    public String version() {
        return "none";
    }

    @Override
    public boolean isEnforcing() {
        return false;
    }

    @Override
    public Set<Integer> availableCpus() {
        return CgroupFiles.readIfPresent(Path.of("/sys/devices/system/cpu/online"))
                .map(text -> (Set<Integer>) CpuList.parse(text))
                .orElseGet(() -> {
                    Set<Integer> cpus = new TreeSet<>();
                    for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
                        cpus.add(i);
                    }
                    return cpus;
                });
    }

    @Override
    public Set<String> controllers() {
        return Set.of();
    }

    @Override
    public String describe() {
        return "monitor-only (NO CPU or memory enforcement): " + reason;
    }

    @Override
    boolean exists(String group) {
        return groups.containsKey(group);
    }

    @Override
    void create(String group) {
        String path = "";
        for (String segment : group.split("/")) {
            path = join(path, segment);
            groups.computeIfAbsent(path, p -> new GroupState(availableCpus()));
        }
    }

    @Override
    boolean remove(String group) {
        return groups.remove(group) != null;
    }

    @Override
    List<String> children(String group) {
        String prefix = group.isEmpty() ? "" : group + "/";
        Set<String> names = new TreeSet<>();
        for (String path : groups.keySet()) {
            if (path.startsWith(prefix) && !path.equals(group)) {
                String rest = path.substring(prefix.length());
                names.add(rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest);
            }
        }
        return new ArrayList<>(names);
    }

    private GroupState state(String group) {
        GroupState state = groups.get(group);
        if (state == null) {
            throw new CgroupException("no such (monitor-only) group " + group);
        }
        return state;
    }

    @Override
    Set<Integer> cpus(String group) {
        return state(group).cpus;
    }

    @Override
    void setCpus(String group, Set<Integer> cpus, boolean childrenMirror) {
        state(group).cpus = Set.copyOf(cpus);
        if (childrenMirror) {
            for (String child : children(group)) {
                state(join(group, child)).cpus = Set.copyOf(cpus);
            }
        }
    }

    @Override
    void setCpuLimit(String group, long millis) {
        state(group).cpuMillis = Math.max(0, millis);
    }

    @Override
    void setCpuShares(String group, long shares) {
        // Nothing to weigh without cgroups.
    }

    @Override
    long cpuShares(String group) {
        return 1024;
    }

    @Override
    long cpuLimitMillis(String group) {
        return state(group).cpuMillis;
    }

    @Override
    void setMemoryLimit(String group, long bytes) {
        state(group).memoryBytes = Math.max(0, bytes);
    }

    @Override
    long memoryLimit(String group) {
        return state(group).memoryBytes;
    }

    @Override
    void started(String group, Process process) {
        state(group).main = process.toHandle();
    }

    private List<ProcessHandle> tree(String group) {
        GroupState state = groups.get(group);
        ProcessHandle main = state == null ? null : state.main;
        if (main == null) {
            return List.of();
        }
        List<ProcessHandle> tree = new ArrayList<>();
        if (main.isAlive()) {
            tree.add(main);
        }
        main.descendants().filter(ProcessHandle::isAlive).forEach(tree::add);
        return tree;
    }

    @Override
    Set<Long> pids(String group) {
        Set<Long> pids = new TreeSet<>();
        tree(group).forEach(p -> pids.add(p.pid()));
        return pids;
    }

    @Override
    List<String> launcher(String group) {
        return List.of();
    }

    @Override
    Usage usage(String group) {
        Duration cpu = Duration.ZERO;
        long rss = 0;
        long peak = 0;
        for (ProcessHandle process : tree(group)) {
            cpu = cpu.plus(process.info().totalCpuDuration().orElse(Duration.ZERO));
            rss += statusKiB(process.pid(), "VmRSS:").orElse(0) * 1024;
            peak += statusKiB(process.pid(), "VmHWM:").orElse(0) * 1024;
        }
        return new Usage(cpu, rss, OptionalLong.of(peak));
    }

    private static OptionalLong statusKiB(long pid, String key) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            Optional<String> line = lines.filter(l -> l.startsWith(key)).findFirst();
            return line.map(l -> OptionalLong.of(Long.parseLong(l.substring(key.length()).strip().split("\\s+")[0])))
                    .orElse(OptionalLong.empty());
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    OptionalLong oomKills(String group) {
        return OptionalLong.empty();
    }

    @Override
    void killAll(String group) {
        long deadline = System.nanoTime() + KILL_PATIENCE.toNanos();
        while (!pids(group).isEmpty()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new CgroupException("processes " + pids(group) + " of " + group + " survived SIGKILL");
            }
            Signals.kill(pids(group));
            awaitEmpty(group, Duration.ofMillis(500));
        }
    }
}
