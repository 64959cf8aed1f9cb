/**
 * The scheduler's placement logic, with everything passed in: no I/O, no threads, no clock, no
 * randomness, so the same inputs always give the same decision.
 *
 * <p>The scheduler service is expected to use it like this: build a {@link io.coterie.scheduler.ClusterSnapshot}
 * from the hosts and allocations in the store; ask the {@link io.coterie.scheduler.Placer} (or a
 * {@link io.coterie.scheduler.ReplicaPlacer} for a whole job) for a decision; commit each new
 * allocation with a compare-and-set that rebuilds the host's {@link io.coterie.scheduler.HostLedger}
 * from the store and checks {@link io.coterie.scheduler.HostLedger#conflict} (same arithmetic, exact
 * CPU ids), retrying the placement if the host changed underneath. A
 * {@link io.coterie.scheduler.Pending} decision carries the {@link io.coterie.scheduler.Explanation}
 * to show the user; evicted victims of a {@link io.coterie.scheduler.PreemptionPlan} and the
 * allocations of a {@link io.coterie.scheduler.HostLoss} are the service's to re-queue.
 *
 * <p>No over-commit: every change to a ledger is checked first and refused whole, so no free
 * amount ever goes below zero.
 */
package io.coterie.scheduler;
