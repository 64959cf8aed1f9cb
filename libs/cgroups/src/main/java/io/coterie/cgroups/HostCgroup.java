package io.coterie.cgroups;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Coterie host's share of the machine and the workloads in it:
 *
 * <pre>
 * &lt;anchor&gt;/&lt;parent&gt;/&lt;hostId&gt;/            the host's CPUs, CPU quota and memory cap
 *                           shared/            host CPUs minus the exclusive CPUs in use
 *                           shared/&lt;id&gt;         a workload with a CPU quota on the shared CPUs
 *                           exclusive/         the exclusive pool
 *                           exclusive/&lt;id&gt;      a workload owning whole CPUs
 * </pre>
 *
 * The kernel's groups are the state: which exclusive CPUs are taken and how much capacity is used
 * are read back from them, so a restarted agent (a new instance over the same groups) sees exactly
 * what is there and can re-adopt or {@link #cleanup} it. {@link #close()} releases this object's
 * threads and leaves workloads running; {@link #destroy(Duration)} ends them and removes the groups.
 */
public final class HostCgroup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HostCgroup.class);

    static final String SHARED = "shared";
    static final String EXCLUSIVE = "exclusive";
    /** Joining is a few writes by a shell; seconds mean something is badly wrong. */
    private static final Duration JOIN_PATIENCE = Duration.ofSeconds(10);

    private final CgroupDriver driver;
    private final HostSpec spec;
    private final String group;
    private final Object lock = new Object();
    private final Map<String, Workload> started = new ConcurrentHashMap<>();
    private final ScheduledExecutorService logRotation;
    private volatile boolean closed;

    private HostCgroup(CgroupDriver driver, HostSpec spec) {
        this.driver = driver;
        this.spec = spec;
        this.group = spec.group();
        this.logRotation = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "coterie-cgroups-logs-" + spec.hostId());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Creates the host's groups, or re-opens them as they are (after an agent restart): the settings
     * of {@code spec} are applied, existing workloads are left alone.
     */
    public static HostCgroup create(CgroupDriver driver, HostSpec spec) {
        Set<Integer> available = driver.availableCpus();
        if (!available.containsAll(spec.cpus())) {
            throw new IllegalArgumentException("host " + spec.hostId() + " wants CPUs " + spec.cpus()
                    + " but only " + available + " are available to this agent");
        }
        HostCgroup host = new HostCgroup(driver, spec);
        host.applySpec();
        if (!driver.isEnforcing()) {
            log.warn("host {} runs in MONITOR-ONLY mode: workloads get NO CPU or memory limits ({})",
                    spec.hostId(), driver.describe());
        }
        return host;
    }

    /** Convenience: host {@code hostId} under "coterie" on the first {@code totalCpus} available CPUs. */
    public static HostCgroup create(CgroupDriver driver, String hostId, int totalCpus, Set<Integer> exclusivePool) {
        List<Integer> available = new ArrayList<>(new TreeSet<>(driver.availableCpus()));
        if (totalCpus <= 0 || totalCpus > available.size()) {
            throw new IllegalArgumentException("asked for " + totalCpus + " CPUs; " + available.size() + " are available");
        }
        return create(driver, HostSpec.of("coterie", hostId, Set.copyOf(available.subList(0, totalCpus)), exclusivePool));
    }

    private void applySpec() {
        synchronized (lock) {
            driver.create(group);
            driver.setCpus(group, spec.cpus(), false);
            driver.setCpuLimit(group, spec.cpuMillis());
            driver.setCpuShares(group, spec.cpuShares());
            weighParents();
            driver.setMemoryLimit(group, spec.memoryBytes());
            driver.create(sharedGroup());
            driver.create(exclusiveGroup());
            if (!spec.exclusivePool().isEmpty()) {
                SortedSet<Integer> pool = new TreeSet<>(spec.exclusivePool());
                pool.addAll(exclusiveCpusInUse());
                driver.setCpus(exclusiveGroup(), pool, false);
            }
            driver.setCpus(sharedGroup(), sharedCpusGiven(exclusiveCpusInUse()), true);
        }
    }

    /**
     * A parent group competes for CPU with the rest of the machine on behalf of all hosts below it,
     * so it carries the sum of their shares; otherwise a host's weight would stop at its parent.
     */
    private void weighParents() {
        String parent = spec.parent();
        while (true) {
            if (driver.exists(parent)) {
                long sum = 0;
                for (String child : driver.children(parent)) {
                    sum += driver.cpuShares(parent + "/" + child);
                }
                driver.setCpuShares(parent, Math.max(CgroupDriver.MIN_SHARES, Math.min(CgroupDriver.MAX_SHARES, sum)));
            }
            int slash = parent.lastIndexOf('/');
            if (slash < 0) {
                return;
            }
            parent = parent.substring(0, slash);
        }
    }

    public HostSpec spec() {
        return spec;
    }

    public CgroupDriver driver() {
        return driver;
    }

    /** The host group's path relative to the driver's anchor. */
    public String group() {
        return group;
    }

    private String sharedGroup() {
        return group + "/" + SHARED;
    }

    private String exclusiveGroup() {
        return group + "/" + EXCLUSIVE;
    }

    /** The CPUs shared workloads run on now. */
    public Set<Integer> sharedCpus() {
        return driver.cpus(sharedGroup());
    }

    /** Exclusive CPUs held by workload groups (running or not yet removed). */
    public Set<Integer> exclusiveCpusInUse() {
        SortedSet<Integer> inUse = new TreeSet<>();
        for (String child : driver.children(exclusiveGroup())) {
            try {
                inUse.addAll(driver.cpus(exclusiveGroup() + "/" + child));
            } catch (CgroupException e) {
                log.warn("host {}: cannot read the CPUs of exclusive workload {}", spec.hostId(), child, e);
            }
        }
        return inUse;
    }

    private SortedSet<Integer> sharedCpusGiven(Set<Integer> exclusiveInUse) {
        SortedSet<Integer> shared = new TreeSet<>(spec.cpus());
        shared.removeAll(exclusiveInUse);
        return shared;
    }

    /**
     * Starts a workload: creates its group with the limits of {@code spec}, then launches the
     * command so that it joins the group before executing (see {@link Launcher}).
     *
     * @throws CapacityExceededException if the host lacks the CPU, memory or free exclusive CPUs
     * @throws IllegalStateException     if a workload group with this id already exists
     * @throws IOException               if the log directory or the process cannot be created
     */
    public Workload start(WorkloadSpec spec) throws IOException {
        if (closed) {
            throw new IllegalStateException("host " + this.spec.hostId() + " has been closed");
        }
        boolean exclusive = spec.cpu() instanceof CpuRequest.Exclusive;
        String workloadGroup = (exclusive ? exclusiveGroup() : sharedGroup()) + "/" + spec.id();
        Set<Integer> cpus;
        synchronized (lock) {
            if (findGroup(spec.id()).isPresent()) {
                throw new IllegalStateException("workload " + spec.id() + " already has a group on host "
                        + this.spec.hostId() + " (running, or ended and not yet removed)");
            }
            cpus = admit(spec);
            try {
                if (exclusive) {
                    SortedSet<Integer> inUse = new TreeSet<>(exclusiveCpusInUse());
                    inUse.addAll(cpus);
                    driver.setCpus(sharedGroup(), sharedCpusGiven(inUse), true);
                }
                driver.create(workloadGroup);
                if (exclusive) {
                    driver.setCpus(workloadGroup, cpus, false);
                }
                driver.setCpuLimit(workloadGroup, exclusive ? 0 : spec.cpu().millis());
                driver.setCpuShares(workloadGroup, CgroupDriver.sharesForMillis(spec.cpu().millis()));
                driver.setMemoryLimit(workloadGroup, spec.memoryBytes());
            } catch (RuntimeException e) {
                undoGroup(workloadGroup, exclusive, e);
                throw e;
            }
        }
        Process process;
        List<LogRotator> logs;
        try {
            Files.createDirectories(spec.logDir());
            logs = List.of(new LogRotator(spec.logDir().resolve("stdout.log"), spec.logRotation()),
                    new LogRotator(spec.logDir().resolve("stderr.log"), spec.logRotation()));
            List<String> argv = new ArrayList<>(driver.launcher(workloadGroup));
            argv.addAll(spec.command());
            ProcessBuilder builder = new ProcessBuilder(argv)
                    .directory(spec.workingDir().toFile())
                    .redirectInput(Redirect.from(new File("/dev/null")))
                    // O_APPEND and owned by the workload: it keeps logging if the agent restarts.
                    .redirectOutput(Redirect.appendTo(logs.get(0).file().toFile()))
                    .redirectError(Redirect.appendTo(logs.get(1).file().toFile()));
            builder.environment().clear();
            builder.environment().putAll(spec.env());
            builder.environment().putIfAbsent("PATH", WorkloadSpec.DEFAULT_PATH);
            process = builder.start();
            if (driver.isEnforcing()) {
                awaitJoined(spec.id(), workloadGroup, process, logs.get(1).file());
            }
        } catch (IOException | RuntimeException e) {
            synchronized (lock) {
                undoGroup(workloadGroup, exclusive, e);
            }
            throw e;
        }
        driver.started(workloadGroup, process);
        Workload workload = new Workload(this, driver, spec, workloadGroup, exclusive,
                exclusive ? cpus : driver.cpus(workloadGroup), process, logs);
        long every = spec.logRotation().checkEvery().toNanos();
        ScheduledFuture<?> rotation = logRotation.scheduleWithFixedDelay(workload::rotateLogs, every, every,
                TimeUnit.NANOSECONDS);
        workload.rotateWith(rotation);
        started.put(spec.id(), workload);
        if (driver.isEnforcing()) {
            log.info("host {}: started workload {} (pid {}) in {} with {}, memory {}", this.spec.hostId(), spec.id(),
                    process.pid(), workloadGroup, exclusive ? "CPUs " + cpus : spec.cpu().millis() + " millicpu",
                    spec.memoryBytes() == 0 ? "unlimited" : spec.memoryBytes() + " bytes");
        } else {
            log.warn("host {}: started workload {} (pid {}) WITHOUT CPU or memory enforcement (monitor-only)",
                    this.spec.hostId(), spec.id(), process.pid());
        }
        return workload;
    }

    /**
     * Returns once the new process is in its group or has ended having been in it, so that start()
     * never hands back a workload running outside its limits; throws if the launcher could not join.
     */
    private void awaitJoined(String id, String workloadGroup, Process process, Path stderr) throws IOException {
        long deadline = System.nanoTime() + JOIN_PATIENCE.toNanos();
        while (!driver.pids(workloadGroup).contains(process.pid())) {
            if (!process.isAlive()) {
                int code = waitForExitValue(process);
                if (code == Launcher.JOIN_FAILED) {
                    String why = Files.readAllLines(stderr).stream().filter(l -> l.startsWith(Launcher.NAME + ":"))
                            .reduce((first, second) -> second).orElse(null);
                    if (why != null) {
                        throw new CgroupException("workload " + id + " could not join " + workloadGroup + " and never ran: " + why);
                    }
                }
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                process.destroyForcibly();
                throw new CgroupException("workload " + id + " (pid " + process.pid() + ") did not join " + workloadGroup
                        + " within " + JOIN_PATIENCE + "; killed it");
            }
            CgroupFiles.pause();
        }
    }

    private static int waitForExitValue(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void undoGroup(String workloadGroup, boolean exclusive, Exception cause) {
        try {
            if (driver.exists(workloadGroup)) {
                driver.killAll(workloadGroup);
                driver.remove(workloadGroup);
            }
            if (exclusive) {
                driver.setCpus(sharedGroup(), sharedCpusGiven(exclusiveCpusInUse()), true);
            }
        } catch (RuntimeException undo) {
            cause.addSuppressed(undo);
        }
    }

    /**
     * Checks capacity against what the kernel's groups hold and picks exclusive CPUs; the pool is
     * checked first as the more specific shortage. Caller holds the lock.
     */
    private Set<Integer> admit(WorkloadSpec request) {
        Set<Integer> exclusiveCpus = request.cpu() instanceof CpuRequest.Exclusive wanted
                ? pickExclusive(request.id(), wanted) : Set.of();
        long usedMillis = 0;
        long usedMemory = 0;
        for (WorkloadInfo info : listWorkloads()) {
            usedMillis += info.exclusive() ? info.cpus().size() * 1000L : info.cpuMillis();
            usedMemory += info.memoryBytes();
        }
        if (usedMillis + request.cpu().millis() > spec.cpuMillis()) {
            throw new CapacityExceededException("host " + spec.hostId() + " has " + (spec.cpuMillis() - usedMillis)
                    + " of " + spec.cpuMillis() + " millicpu left; workload " + request.id() + " asks for "
                    + request.cpu().millis());
        }
        if (spec.memoryBytes() > 0 && usedMemory + request.memoryBytes() > spec.memoryBytes()) {
            throw new CapacityExceededException("host " + spec.hostId() + " has " + (spec.memoryBytes() - usedMemory)
                    + " of " + spec.memoryBytes() + " bytes left; workload " + request.id() + " asks for "
                    + request.memoryBytes());
        }
        return exclusiveCpus;
    }

    private Set<Integer> pickExclusive(String id, CpuRequest.Exclusive wanted) {
        SortedSet<Integer> free = new TreeSet<>(spec.exclusivePool());
        free.removeAll(exclusiveCpusInUse());
        if (!wanted.cpus().isEmpty()) {
            if (!spec.exclusivePool().containsAll(wanted.cpus())) {
                throw new IllegalArgumentException("workload " + id + " wants CPUs " + wanted.cpus()
                        + " outside host " + spec.hostId() + "'s exclusive pool " + spec.exclusivePool());
            }
            if (!free.containsAll(wanted.cpus())) {
                throw new CapacityExceededException("workload " + id + " wants CPUs " + wanted.cpus()
                        + "; free in host " + spec.hostId() + "'s exclusive pool: " + free);
            }
            return wanted.cpus();
        }
        if (free.size() < wanted.count()) {
            throw new CapacityExceededException("workload " + id + " wants " + wanted.count()
                    + " exclusive CPUs; free in host " + spec.hostId() + "'s exclusive pool: " + free);
        }
        return Set.copyOf(new ArrayList<>(free).subList(0, wanted.count()));
    }

    /**
     * Every workload group under this host, whoever started it: after a restart, the agent compares
     * these with what it should be running and re-adopts or cleans up the rest.
     */
    public List<WorkloadInfo> listWorkloads() {
        List<WorkloadInfo> found = new ArrayList<>();
        for (String kind : List.of(SHARED, EXCLUSIVE)) {
            String parent = group + "/" + kind;
            for (String id : driver.children(parent)) {
                found.add(describe(id, parent + "/" + id, kind.equals(EXCLUSIVE)));
            }
        }
        return found;
    }

    /** Tolerates half-made groups (an agent killed mid-create): what cannot be read reads as nothing. */
    private WorkloadInfo describe(String id, String workloadGroup, boolean exclusive) {
        Set<Integer> cpus = Set.of();
        long millis = 0;
        long memory = 0;
        try {
            cpus = driver.cpus(workloadGroup);
            millis = driver.cpuLimitMillis(workloadGroup);
            memory = driver.memoryLimit(workloadGroup);
        } catch (CgroupException e) {
            log.debug("host {}: workload group {} is incomplete", spec.hostId(), workloadGroup, e);
        }
        return new WorkloadInfo(id, workloadGroup, exclusive, cpus, millis, memory, driver.pids(workloadGroup));
    }

    private Optional<String> findGroup(String id) {
        for (String candidate : List.of(sharedGroup() + "/" + id, exclusiveGroup() + "/" + id)) {
            if (driver.exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@link #cleanup(String, Duration)} without a grace period: SIGKILL straight away. */
    public boolean cleanup(String id) {
        return cleanup(id, Duration.ZERO);
    }

    /**
     * Ends workload {@code id} (SIGTERM, then SIGKILL after {@code grace}) and removes its group,
     * whether this instance started it or a previous agent did. Returns false if there was no such group.
     */
    public boolean cleanup(String id, Duration grace) {
        Names.checkSegment("workload id", id);
        Workload own = started.get(id);
        if (own != null) {
            try {
                own.stop(grace);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                own.remove();
            }
            return true;
        }
        Optional<String> workloadGroup = findGroup(id);
        if (workloadGroup.isEmpty()) {
            return false;
        }
        String path = workloadGroup.get();
        if (!grace.isZero()) {
            driver.terminateAll(path);
            driver.awaitEmpty(path, grace);
        }
        removeGroup(path, path.startsWith(exclusiveGroup() + "/"));
        log.info("host {}: cleaned up workload {}", spec.hostId(), id);
        return true;
    }

    /** Kills what is left in a workload group, removes it and hands its CPUs back to the shared set. */
    void removeGroup(String workloadGroup, boolean exclusive) {
        synchronized (lock) {
            driver.killAll(workloadGroup);
            driver.remove(workloadGroup);
            if (exclusive) {
                driver.setCpus(sharedGroup(), sharedCpusGiven(exclusiveCpusInUse()), true);
            }
        }
    }

    void forget(Workload workload) {
        started.remove(workload.id(), workload);
    }

    /**
     * Ends every workload of this host (SIGTERM to all, SIGKILL after {@code grace}), removes all
     * its groups, and removes the parent groups too if no other host uses them.
     */
    public void destroy(Duration grace) {
        List<WorkloadInfo> workloads = listWorkloads();
        for (WorkloadInfo info : workloads) {
            driver.terminateAll(info.group());
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (WorkloadInfo info : workloads) {
            driver.awaitEmpty(info.group(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        for (WorkloadInfo info : workloads) {
            Workload own = started.get(info.id());
            if (own != null) {
                own.remove();
            } else {
                removeGroup(info.group(), info.exclusive());
            }
        }
        synchronized (lock) {
            driver.remove(sharedGroup());
            driver.remove(exclusiveGroup());
            driver.remove(group);
            removeEmptyParents();
            try {
                weighParents();
            } catch (CgroupException e) {
                log.debug("could not re-weigh the parents of {}", group, e);
            }
        }
        close();
    }

    private void removeEmptyParents() {
        String parent = spec.parent();
        while (true) {
            try {
                if (!driver.children(parent).isEmpty()) {
                    return;
                }
                driver.remove(parent);
            } catch (CgroupException e) {
                // Another host created a group here meanwhile; it is theirs now.
                log.debug("keeping parent group {}", parent, e);
                return;
            }
            int slash = parent.lastIndexOf('/');
            if (slash < 0) {
                return;
            }
            parent = parent.substring(0, slash);
        }
    }

    /** Stops log rotation threads. Workloads keep running, as they must across an agent restart. */
    @Override
    public void close() {
        closed = true;
        logRotation.shutdownNow();
    }

    @Override
    public String toString() {
        return "HostCgroup[" + spec.hostId() + " at " + group + ", " + driver.version() + "]";
    }
}
