package io.coterie.scheduler.service.reconcile;

/**
 * What one pass of the leader did, for {@code GET /v1/scheduler/status}.
 *
 * @param at       when it ended (ISO-8601)
 * @param pending  replicas left without a host
 * @param lost     allocations on lost hosts, marked lost and removed
 * @param removed  allocations of stopped (or vanished) jobs removed
 */
public record PassReport(String at, long durationMillis, long fencingToken, int placed, int preempted, int pending,
                         int lost, int removed) {
}
