package io.coterie.agent;

import io.coterie.cgroups.Usage;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** One run of an allocation's process tree in its cgroup, whether this agent instance started it or adopted it. */
interface RunningWorkload {

    long pid();

    /** True when a previous agent instance started it. */
    boolean adopted();

    /** Completes once every process of the group has ended. */
    CompletableFuture<Outcome> exit();

    /** What it has used so far, if that can still be read. */
    Optional<Usage> usage();

    /** SIGTERM to the whole group, SIGKILL after {@code grace}, then the group is removed. */
    void stop(Duration grace);

    /** Removes the group of a run that has ended. */
    void release();
}
