package io.coterie.scheduler.service.store;

/**
 * {@code sys/sched/ledger/HOST}: a version stamp. Every transaction that adds or removes an
 * allocation of HOST rewrites it (or deletes it when none is left), so two placements computed
 * from the same view of HOST cannot both commit.
 */
public record LedgerRecord(int allocations) {
}
