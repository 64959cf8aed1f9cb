package io.coterie.scheduler.service.reconcile;

import io.coterie.scheduler.ReplicaPlacer;
import io.coterie.scheduler.service.store.BlockingStore;
import java.time.Instant;

/**
 * One pass of the leader, from a fresh read of the store to the store matching the jobs as
 * nearly as the hosts allow: settle lost hosts, clear out stopped jobs, place missing replicas,
 * explain the ones left waiting. Any commit that finds the store changed ends the pass with
 * {@link StaleViewException}; whatever committed before stands, and the next pass starts over.
 */
final class ReconcilePass {

    private final ClusterStateReader reader;
    private final HostLossStep hostLoss;
    private final CleanupStep cleanup;
    private final PlacementStep placement;
    private final PendingStep pending;

    ReconcilePass(BlockingStore store, Pids pids) {
        FencedWrites writes = new FencedWrites(store);
        Verdicts verdicts = new Verdicts(store);
        this.reader = new ClusterStateReader(store);
        this.hostLoss = new HostLossStep(verdicts, writes);
        this.cleanup = new CleanupStep(writes);
        this.placement = new PlacementStep(writes, verdicts, new ReplicaPlacer(), pids);
        this.pending = new PendingStep(writes);
    }

    PassReport run(long token) {
        long started = System.nanoTime();
        PassContext pass = new PassContext(reader.read(), token);
        hostLoss.run(pass);
        cleanup.run(pass);
        placement.run(pass);
        pending.run(pass);
        return pass.report(started, Instant.now());
    }
}
