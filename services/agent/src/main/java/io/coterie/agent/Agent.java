package io.coterie.agent;

import io.coterie.cgroups.CgroupDriver;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The agent's life: once the HTTP server listens (this lifecycle runs in the default phase, after
 * it), the agent registers the host under its lease, supervises the host's assignments and watches
 * for changes to them. A graceful stop ends every workload and only then gives up the lease, so the
 * scheduler never places a replacement while the original still runs; a killed agent leaves its
 * workloads running for the next one to re-adopt.
 */
final class Agent implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    private static final long PRUNE_EVERY_MINUTES = 10;

    private final AgentSettings settings;
    private final HostCapacity capacity;
    private final CgroupDriver driver;
    private final HostLease lease;
    private final AssignmentFeed feed;
    private final Supervisor supervisor;
    private final AllocationLogs logs;
    private volatile ScheduledExecutorService housekeeping;

    Agent(AgentSettings settings, HostCapacity capacity, CgroupDriver driver, HostLease lease, AssignmentFeed feed,
          Supervisor supervisor, AllocationLogs logs) {
        this.settings = settings;
        this.capacity = capacity;
        this.driver = driver;
        this.lease = lease;
        this.feed = feed;
        this.supervisor = supervisor;
        this.logs = logs;
    }

    @Override
    public void start() {
        supervisor.start(settings.usageInterval());
        feed.watch(supervisor::requestReconcile);
        lease.start(new HostLease.Listener() {
            @Override
            public void leaseHeld() {
                supervisor.requestReconcile();
            }

            @Override
            public void leaseLost(String why) {
                supervisor.fence();
            }
        });
        housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "agent-log-pruning");
            thread.setDaemon(true);
            return thread;
        });
        housekeeping.scheduleWithFixedDelay(() -> logs.prune(supervisor.knownIds(), settings.logRetention()),
                0, PRUNE_EVERY_MINUTES, TimeUnit.MINUTES);
        log.info("agent for host {} started: {} CPUs {}, {} bytes of memory; {}", settings.hostId(), capacity.cpus(),
                capacity.machineCpus(), capacity.memoryBytes(), driver.describe());
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = housekeeping;
        housekeeping = null;
        running.shutdownNow();
        feed.close();
        supervisor.shutdown();
        lease.close();
    }

    /**
     * A paused context (the test framework pauses cached contexts between test classes) must not end
     * the host's work; only a real stop does.
     */
    @Override
    public boolean isPauseable() {
        return false;
    }

    @Override
    public boolean isRunning() {
        return housekeeping != null;
    }
}
