package io.coterie.agent;

import io.coterie.cgroups.HostCgroup;
import io.coterie.cgroups.Usage;
import io.coterie.cgroups.Workload;
import io.coterie.cgroups.WorkloadInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes what runs on this host match the assignments in the store. Level-triggered: every pass
 * reads all of the host's assignments and all of its workload groups and settles the differences
 * (start, adopt, stop, clean up), so a missed watch event or a restart of the agent changes
 * nothing about the result. Passes run after every change the watch reports and every few seconds.
 *
 * <p>All decisions are taken on one thread, which owns the allocation table; the slow parts
 * (waiting out a stop's grace period, status writes) run elsewhere and report back to it.
 */
final class Supervisor {

    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
    static final Duration RECONCILE_EVERY = Duration.ofSeconds(5);

    private final HostCgroup host;
    private final AssignmentFeed feed;
    private final StatusStore statuses;
    private final WorkloadSpecs specs;
    private final UsagePublisher usage;
    private final JsonMapper json;
    private final String hostId;
    private final Duration stopGrace;
    private final BooleanSupplier leaseHeld;
    /** The supervisor's thread: every change to {@link #allocations} happens on it. */
    private final ScheduledExecutorService thread;
    /** Waits out stop grace periods, which would otherwise hold up every other decision. */
    private final ExecutorService stopper;
    private final Map<String, Supervised> allocations = new ConcurrentHashMap<>();
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();
    private volatile boolean closed;

    Supervisor(HostCgroup host, AssignmentFeed feed, StatusStore statuses, WorkloadSpecs specs, UsagePublisher usage,
               JsonMapper json, String hostId, Duration stopGrace, BooleanSupplier leaseHeld,
               ScheduledExecutorService thread, ExecutorService stopper) {
        this.host = host;
        this.feed = feed;
        this.statuses = statuses;
        this.specs = specs;
        this.usage = usage;
        this.json = json;
        this.hostId = hostId;
        this.stopGrace = stopGrace;
        this.leaseHeld = leaseHeld;
        this.thread = thread;
        this.stopper = stopper;
    }

    /** Reconciles now and every few seconds, and reports usage every {@code usageEvery}. */
    void start(Duration usageEvery) {
        // A periodic task that throws is never run again: these must not.
        thread.scheduleWithFixedDelay(() -> guarded(this::reconcile), 0, RECONCILE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(() -> guarded(this::reportUsage), usageEvery.toMillis(), usageEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** A change was seen: reconcile soon. Calls arriving while one is queued are folded into it. */
    void requestReconcile() {
        if (reconcileQueued.compareAndSet(false, true)) {
            post(() -> {
                reconcileQueued.set(false);
                reconcile();
            });
        }
    }

    /**
     * The host lease is lost: everything running here is stopped, since the scheduler replaces it
     * elsewhere. Nothing starts again until the lease is back (and then only what is still assigned).
     */
    void fence() {
        post(() -> {
            for (Supervised allocation : List.copyOf(allocations.values())) {
                if (allocation.state == Supervised.State.RUNNING) {
                    stop(allocation);
                } else if (allocation.state == Supervised.State.RESTARTING) {
                    allocation.cancelRestart();
                    allocation.restartDue = true;
                }
            }
            cleanUpOrphans(Set.of());
        });
    }

    /** Graceful shutdown: every workload ends (SIGTERM, then SIGKILL after the grace) and every group goes. */
    void shutdown() {
        closed = true;
        thread.shutdownNow();
        // Stops under way finish first: two hands removing one group would trip over each other.
        stopper.shutdown();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
            stopper.awaitTermination(stopGrace.toMillis() + 30_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("stopping {} workloads of host {} (grace {})", host.listWorkloads().size(), hostId, stopGrace);
        host.destroy(stopGrace);
    }

    /** What runs here now, for {@code GET /v1/agent}. */
    List<Supervised> allocations() {
        return List.copyOf(allocations.values());
    }

    Set<String> knownIds() {
        return Set.copyOf(allocations.keySet());
    }

    // ---------------------------------------------------------------- the passes

    private void reconcile() {
        if (closed) {
            return;
        }
        Map<String, byte[]> assigned;
        Map<String, WorkloadInfo> groups;
        try {
            assigned = feed.list();
            groups = host.listWorkloads().stream().collect(Collectors.toMap(WorkloadInfo::id, Function.identity()));
        } catch (RuntimeException e) {
            log.warn("cannot read this host's assignments or groups ({}); trying again in {} s", e.getMessage(),
                    RECONCILE_EVERY.toSeconds());
            return;
        }
        for (Supervised allocation : List.copyOf(allocations.values())) {
            if (!assigned.containsKey(allocation.id)) {
                retire(allocation);
            } else if (allocation.state == Supervised.State.RESTARTING && allocation.restartDue) {
                restart(allocation);
            }
        }
        for (Map.Entry<String, byte[]> assignment : assigned.entrySet()) {
            if (!allocations.containsKey(assignment.getKey())) {
                try {
                    take(assignment.getKey(), assignment.getValue(), Optional.ofNullable(groups.get(assignment.getKey())));
                } catch (RuntimeException e) {
                    log.warn("could not take on allocation {} yet ({}); trying again", assignment.getKey(), e.getMessage());
                }
            }
        }
        cleanUpOrphans(assigned.keySet());
    }

    /** An assignment seen for the first time (by this agent instance). */
    private void take(String allocId, byte[] value, Optional<WorkloadInfo> group) {
        Assignment assignment;
        try {
            assignment = Assignment.parse(json, allocId, value);
        } catch (InvalidAssignmentException e) {
            refuse(allocId, e.getMessage(), group);
            return;
        }
        Optional<AllocationStatus> stored = statuses.read(allocId);
        int restarts = stored.map(AllocationStatus::restarts).orElse(0);
        Supervised allocation = new Supervised(allocId, assignment, restarts);
        if (group.isPresent() && group.get().running()) {
            adopt(allocation, group.get(), stored);
        } else if (group.isPresent()) {
            // It ended while no agent watched it: its exit status is lost with its former parent.
            host.cleanup(allocId);
            allocation.status = stored.filter(s -> AllocationStatus.RUNNING.equals(s.state()))
                    .orElse(AllocationStatus.running(assignment, hostId, restarts, 0, null));
            allocations.put(allocId, allocation);
            ended(allocation, Outcome.unknown("ended while the agent was not running: exit status unknown"), Optional.empty());
        } else if (stored.isPresent() && stored.get().finished() && hostId.equals(stored.get().hostId())) {
            // It already ran here (before an agent restart): only its restart policy may run it again.
            allocation.status = stored.get();
            allocations.put(allocId, allocation);
            boolean again = !AllocationStatus.FAILED.equals(stored.get().state())
                    && RestartRule.restarts(assignment.restartPolicy(), Outcome.of(stored.get()), restarts);
            allocation.state = again ? Supervised.State.RESTARTING : Supervised.State.FINISHED;
            allocation.restartDue = again;
            if (again) {
                restart(allocation);
            }
        } else if (leaseHeld.getAsBoolean()) {
            allocations.put(allocId, allocation);
            launch(allocation);
        }
    }

    /** An assignment that cannot run as written: say so in its status, and run nothing for it. */
    private void refuse(String allocId, String why, Optional<WorkloadInfo> group) {
        log.warn("allocation {}: {}", allocId, why);
        group.ifPresent(g -> host.cleanup(allocId));
        Supervised allocation = new Supervised(allocId, null, 0);
        allocation.status = AllocationStatus.failed(allocId, SchedKeys.jobOf(allocId), null, hostId, 0, why, Instant.now());
        allocations.put(allocId, allocation);
        statuses.write(allocation.status);
    }

    private void adopt(Supervised allocation, WorkloadInfo group, Optional<AllocationStatus> stored) {
        long pid = stored.map(AllocationStatus::localPid).filter(group.pids()::contains)
                .orElseGet(() -> Collections.min(group.pids()));
        RunningWorkload run = AdoptedWorkload.adopt(host, group, pid, thread);
        Instant startedAt = stored.map(AllocationStatus::startedAt).orElse(null);
        allocation.status = AllocationStatus.running(allocation.assignment, hostId, allocation.restarts, pid, startedAt);
        running(allocation, run);
        log.info("allocation {}: re-adopted its running workload (pid {}, processes {})", allocation.id, pid, group.pids());
    }

    private void launch(Supervised allocation) {
        Workload workload;
        try {
            workload = host.start(specs.of(allocation.assignment));
        } catch (Exception e) {
            log.warn("allocation {}: could not start: {}", allocation.id, e.getMessage());
            allocation.state = Supervised.State.FINISHED;
            allocation.status = AllocationStatus.failed(allocation.id, allocation.assignment.job(),
                    allocation.assignment.index(), hostId, allocation.restarts, "could not start: " + e.getMessage(),
                    Instant.now());
            statuses.write(allocation.status);
            return;
        }
        allocation.status = AllocationStatus.running(allocation.assignment, hostId, allocation.restarts, workload.pid(),
                Instant.now());
        running(allocation, new StartedWorkload(workload));
    }

    private void running(Supervised allocation, RunningWorkload run) {
        allocation.run = run;
        allocation.state = Supervised.State.RUNNING;
        allocations.put(allocation.id, allocation);
        statuses.write(allocation.status);
        run.exit().whenComplete((outcome, failure) -> post(() -> exited(allocation.id, run,
                outcome != null ? outcome : Outcome.unknown("could not tell how it ended: " + failure))));
    }

    private void exited(String allocId, RunningWorkload run, Outcome outcome) {
        Supervised allocation = allocations.get(allocId);
        if (allocation == null || allocation.run != run || allocation.state != Supervised.State.RUNNING) {
            return; // stopped on purpose: its assignment went, or the host fenced itself
        }
        // Read before the group goes: the usage counters go with it.
        Optional<Usage> last = run.usage();
        try {
            run.release();
        } catch (RuntimeException e) {
            log.error("allocation {}: could not remove the group of its ended workload", allocId, e);
        }
        ended(allocation, outcome, last);
    }

    private void ended(Supervised allocation, Outcome outcome, Optional<Usage> last) {
        AllocationStatus status = allocation.status.ended(outcome, Instant.now());
        if (last.isPresent()) {
            status = status.withUsage(last.get().cpuSeconds(), last.get().memoryBytes());
        }
        allocation.status = status;
        allocation.run = null;
        statuses.write(status);
        boolean again = RestartRule.restarts(allocation.assignment.restartPolicy(), outcome, allocation.restarts);
        log.info("allocation {}: {} ({}){}", allocation.id, status.state(), describe(outcome),
                again ? "; restarting" : "");
        if (!again) {
            allocation.state = Supervised.State.FINISHED;
            return;
        }
        allocation.state = Supervised.State.RESTARTING;
        Duration pause = RestartRule.delayBefore(allocation.restarts);
        allocation.restartTimer = thread.schedule(() -> restart(allocation), pause.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restart(Supervised allocation) {
        if (allocations.get(allocation.id) != allocation || allocation.state != Supervised.State.RESTARTING) {
            return;
        }
        if (!leaseHeld.getAsBoolean()) {
            allocation.restartDue = true;
            return;
        }
        allocation.cancelRestart();
        allocation.restarts++;
        launch(allocation);
    }

    /** Its assignment is gone: stop what runs and forget it; its status is the scheduler's to delete. */
    private void retire(Supervised allocation) {
        statuses.forget(allocation.id);
        allocation.cancelRestart();
        switch (allocation.state) {
            case RUNNING -> stop(allocation);
            case STOPPING -> { }
            default -> allocations.remove(allocation.id, allocation);
        }
    }

    private void stop(Supervised allocation) {
        allocation.state = Supervised.State.STOPPING;
        RunningWorkload run = allocation.run;
        stopper.execute(() -> {
            try {
                run.stop(stopGrace);
                log.info("allocation {}: stopped", allocation.id);
            } catch (RuntimeException e) {
                log.error("allocation {}: could not stop its workload", allocation.id, e);
            } finally {
                post(() -> allocations.remove(allocation.id, allocation));
            }
        });
    }

    /** Groups nothing is assigned to (assignments deleted while the agent was down, half-made groups) go. */
    private void cleanUpOrphans(Set<String> assigned) {
        for (WorkloadInfo group : host.listWorkloads()) {
            if (!assigned.contains(group.id()) && !allocations.containsKey(group.id())) {
                log.info("cleaning up workload group {} (processes {}): nothing is assigned to it", group.id(), group.pids());
                Supervised orphan = new Supervised(group.id(), null, 0);
                orphan.state = Supervised.State.STOPPING;
                allocations.put(group.id(), orphan);
                stopper.execute(() -> {
                    try {
                        host.cleanup(group.id(), stopGrace);
                    } catch (RuntimeException e) {
                        log.error("could not clean up workload group {}", group.id(), e);
                    } finally {
                        post(() -> allocations.remove(orphan.id, orphan));
                    }
                });
            }
        }
    }

    private void reportUsage() {
        for (Supervised allocation : allocations.values()) {
            RunningWorkload run = allocation.run;
            if (allocation.state != Supervised.State.RUNNING || run == null) {
                continue;
            }
            run.usage().ifPresent(used -> {
                allocation.status = allocation.status.withUsage(used.cpuSeconds(), used.memoryBytes());
                statuses.write(allocation.status);
                usage.publish(allocation.assignment, used);
            });
        }
    }

    private void post(Runnable task) {
        try {
            thread.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            log.debug("the supervisor has stopped; dropping a task");
        }
    }

    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("supervisor task failed", e);
        }
    }

    private static String describe(Outcome outcome) {
        if (outcome.exitCode() == null) {
            return outcome.message();
        }
        return (outcome.oomKilled() ? "OOM-killed, " : "") + "exit code " + outcome.exitCode()
                + (outcome.signal() != null ? ", signal " + outcome.signal() : "");
    }
}
