package io.coterie.agent;

import io.coterie.cgroups.Usage;
import io.coterie.cgroups.Workload;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A workload this agent instance started: its exit status and group usage come from libs/cgroups. */
final class StartedWorkload implements RunningWorkload {

    private static final Logger log = LoggerFactory.getLogger(StartedWorkload.class);

    private final Workload workload;
    private final CompletableFuture<Outcome> exit;

    StartedWorkload(Workload workload) {
        this.workload = workload;
        this.exit = workload.onExit().thenApply(Outcome::of);
    }

    @Override
    public long pid() {
        return workload.pid();
    }

    @Override
    public boolean adopted() {
        return false;
    }

    @Override
    public CompletableFuture<Outcome> exit() {
        return exit;
    }

    @Override
    public Optional<Usage> usage() {
        try {
            return Optional.of(workload.usage());
        } catch (RuntimeException e) {
            // Removed meanwhile (stopped), or its files vanished with it.
            log.debug("workload {}: no usage", workload.id(), e);
            return Optional.empty();
        }
    }

    @Override
    public void stop(Duration grace) {
        try {
            workload.stop(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workload.remove();
        }
    }

    @Override
    public void release() {
        workload.remove();
    }
}
