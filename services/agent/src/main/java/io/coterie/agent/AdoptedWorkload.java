package io.coterie.agent;

import io.coterie.cgroups.HostCgroup;
import io.coterie.cgroups.Usage;
import io.coterie.cgroups.WorkloadInfo;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A workload a previous agent instance started, found running in its group after a restart. It is
 * no child of this process, so its end is seen by polling the group for processes, and how it ended
 * is unknown.
 */
final class AdoptedWorkload implements RunningWorkload {

    private static final Logger log = LoggerFactory.getLogger(AdoptedWorkload.class);
    static final Duration POLL_EVERY = Duration.ofSeconds(1);

    private final HostCgroup host;
    private final String id;
    private final long pid;
    private final CompletableFuture<Outcome> exit = new CompletableFuture<>();
    private volatile ScheduledFuture<?> polling;
    private volatile Set<Long> pids;

    private AdoptedWorkload(HostCgroup host, WorkloadInfo info, long pid) {
        this.host = host;
        this.id = info.id();
        this.pid = pid;
        this.pids = info.pids();
    }

    /** Takes over the running group {@code info}, whose main process is {@code pid}, and watches it on {@code poller}. */
    static AdoptedWorkload adopt(HostCgroup host, WorkloadInfo info, long pid, ScheduledExecutorService poller) {
        AdoptedWorkload workload = new AdoptedWorkload(host, info, pid);
        workload.polling = poller.scheduleWithFixedDelay(workload::checkGroup, POLL_EVERY.toMillis(), POLL_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        return workload;
    }

    private void stopPolling() {
        ScheduledFuture<?> task = polling;
        if (task != null) {
            task.cancel(false);
        }
    }

    private void checkGroup() {
        try {
            Optional<WorkloadInfo> now = host.listWorkloads().stream().filter(info -> info.id().equals(id)).findFirst();
            if (now.isPresent() && now.get().running()) {
                pids = now.get().pids();
                return;
            }
            stopPolling();
            exit.complete(Outcome.unknown("ended while adopted from an earlier agent run: exit status unknown"));
        } catch (RuntimeException e) {
            log.warn("adopted workload {}: cannot read its group; trying again", id, e);
        }
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public boolean adopted() {
        return true;
    }

    @Override
    public CompletableFuture<Outcome> exit() {
        return exit;
    }

    @Override
    public Optional<Usage> usage() {
        return Optional.of(ProcessUsage.of(pids));
    }

    @Override
    public void stop(Duration grace) {
        stopPolling();
        host.cleanup(id, grace);
        exit.complete(Outcome.unknown("stopped by the agent"));
    }

    @Override
    public void release() {
        stopPolling();
        host.cleanup(id);
    }
}
