package io.coterie.scheduler.service.store;

/**
 * {@code sys/sched/replicas/JOB/INDEX}: which allocation holds replica INDEX of JOB. Written and
 * deleted in the same transactions as the allocation; a placement requires it absent, which is
 * what keeps a replica from ever having two allocations.
 */
public record ReplicaRecord(String alloc, String host, long pid) {
}
