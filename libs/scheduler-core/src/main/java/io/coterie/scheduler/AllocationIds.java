package io.coterie.scheduler;

/** Where new allocations get their ids: the caller's business (the store, a UUID), since this library has no randomness. */
@FunctionalInterface
public interface AllocationIds {

    String idFor(JobSpec job, int index);
}
