package io.coterie.cgroups;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running (or finished, not yet removed) workload started by {@link HostCgroup#start}. Its group
 * and any exclusive CPUs stay reserved until {@link #remove()} or {@link #stop(Duration)}, so usage
 * and the OOM verdict can still be read after the process has ended.
 */
public final class Workload {

    private static final Logger log = LoggerFactory.getLogger(Workload.class);

    /** Where exit statuses are worked out (reading OOM counters, a last log rotation). */
    private static final Executor EXITS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "coterie-cgroups-exit");
        thread.setDaemon(true);
        return thread;
    });

    private final HostCgroup host;
    private final CgroupDriver driver;
    private final WorkloadSpec spec;
    private final String group;
    private final boolean exclusive;
    private final Set<Integer> cpus;
    private final Process process;
    private final List<LogRotator> logs;
    private final CompletableFuture<ExitStatus> exit;
    private volatile ScheduledFuture<?> rotation;
    private volatile boolean removed;

    Workload(HostCgroup host, CgroupDriver driver, WorkloadSpec spec, String group, boolean exclusive,
             Set<Integer> cpus, Process process, List<LogRotator> logs) {
        this.host = host;
        this.driver = driver;
        this.spec = spec;
        this.group = group;
        this.exclusive = exclusive;
        this.cpus = Set.copyOf(cpus);
        this.process = process;
        this.logs = List.copyOf(logs);
        // Async: the JDK completes onExit on its small-stack reaper thread, no place for file I/O.
        this.exit = process.onExit().thenApplyAsync(p -> {
            ExitStatus status = ExitStatus.of(p.exitValue(), oomKilled(p.exitValue()));
            rotateLogs();
            log.info("workload {} (pid {}) {}", spec.id(), p.pid(), status);
            return status;
        }, EXITS);
    }

    void rotateWith(ScheduledFuture<?> rotation) {
        this.rotation = rotation;
    }

    public String id() {
        return spec.id();
    }

    public long pid() {
        return process.pid();
    }

    public WorkloadSpec spec() {
        return spec;
    }

    /** The group path relative to the driver's anchor, e.g. "coterie/host-1/shared/web-1". */
    public String group() {
        return group;
    }

    public boolean exclusive() {
        return exclusive;
    }

    /** The CPUs it was given: its own for an exclusive workload, the shared set at start otherwise. */
    public Set<Integer> cpus() {
        return cpus;
    }

    /** False in monitor-only mode: then nothing limits this workload. */
    public boolean enforced() {
        return driver.isEnforcing();
    }

    public Path stdoutLog() {
        return logs.get(0).file();
    }

    public Path stderrLog() {
        return logs.get(1).file();
    }

    public Optional<ExitStatus> poll() {
        return exit.isDone() ? Optional.of(exit.join()) : Optional.empty();
    }

    public ExitStatus awaitExit() throws InterruptedException {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not determine how workload " + id() + " ended", e.getCause());
        }
    }

    public Optional<ExitStatus> awaitExit(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not determine how workload " + id() + " ended", e.getCause());
        }
    }

    public CompletableFuture<ExitStatus> onExit() {
        return exit.copy();
    }

    /** CPU time and memory of the whole group so far; available until the workload is removed. */
    public Usage usage() {
        if (removed) {
            throw new IllegalStateException("workload " + id() + " has been removed; its usage went with its group");
        }
        return driver.usage(group);
    }

    /**
     * SIGTERM to every process in the group; SIGKILL to whatever is left after {@code grace}; then
     * the group is removed. Returns how the main process ended.
     */
    public ExitStatus stop(Duration grace) throws InterruptedException {
        if (!removed) {
            driver.terminateAll(group);
            if (!driver.awaitEmpty(group, grace)) {
                log.info("workload {} still has processes {} after SIGTERM and {}; sending SIGKILL",
                        id(), driver.pids(group), grace);
            }
            remove();
        }
        return awaitExit();
    }

    /**
     * Kills anything still in the group, removes the group everywhere and returns its CPUs to the
     * host. Idempotent.
     */
    public synchronized void remove() {
        if (removed) {
            return;
        }
        driver.killAll(group);
        if (process.isAlive()) {
            // Only possible if the main process moved itself out of the group.
            process.destroyForcibly();
        }
        try {
            // The OOM verdict reads the group's counters, so let it finish before the group goes.
            exit.get(CgroupDriver.KILL_PATIENCE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("workload {}: no exit status before removing its group", id(), e);
        }
        ScheduledFuture<?> task = rotation;
        if (task != null) {
            task.cancel(false);
        }
        host.removeGroup(group, exclusive);
        removed = true;
        host.forget(this);
    }

    private boolean oomKilled(int exitValue) {
        try {
            OptionalLong kills = driver.oomKills(group);
            if (kills.isPresent()) {
                return kills.getAsLong() > 0;
            }
            // Kernels before 4.13 do not count OOM kills: a SIGKILL while the limit was being hit is the best sign.
            return driver instanceof V1Driver v1 && exitValue == 128 + 9 && v1.memoryFailCount(group) > 0;
        } catch (CgroupException e) {
            // The group was removed under us (cleanup by another agent instance); nothing left to read.
            log.debug("workload {}: cannot read OOM counters", id(), e);
            return false;
        }
    }

    void rotateLogs() {
        for (LogRotator rotator : logs) {
            try {
                rotator.rotateIfDue();
            } catch (java.io.IOException | RuntimeException e) {
                log.warn("workload {}: cannot rotate {}", id(), rotator.file(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "Workload[" + id() + ", pid " + pid() + ", " + group + "]";
    }
}
