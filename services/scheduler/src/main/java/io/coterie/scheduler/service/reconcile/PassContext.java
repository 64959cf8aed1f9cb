package io.coterie.scheduler.service.reconcile;

import io.coterie.scheduler.ClusterSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;

/** One pass's working state, handed from step to step on the reconciler thread. */
final class PassContext {

    final ClusterState state;
    final long token;
    final Ledgers ledgers;
    /** Hosts and allocations as committed so far in this pass. */
    ClusterSnapshot snapshot;
    /** Replicas this pass could not place ({@code JOB/INDEX}), with why. */
    final Map<String, String> pending = new LinkedHashMap<>();
    int placed;
    int preempted;
    int lost;
    int removed;

    PassContext(ClusterState state, long token) {
        this.state = state;
        this.token = token;
        this.ledgers = new Ledgers(state);
    }

    PassReport report(long startedNanos, java.time.Instant at) {
        return new PassReport(at.toString(), (System.nanoTime() - startedNanos) / 1_000_000, token, placed, preempted,
                pending.size(), lost, removed);
    }
}
