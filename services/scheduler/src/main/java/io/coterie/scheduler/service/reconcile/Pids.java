package io.coterie.scheduler.service.reconcile;

import io.coterie.ids.IdRangeAllocator;
import io.coterie.scheduler.AllocationIds;
import io.coterie.scheduler.JobSpec;
import io.coterie.scheduler.service.store.SchedulerKeys;

/**
 * Allocation ids {@code JOB.INDEX.PID}, the PID taken from the cluster-wide ID counter that
 * identity hands out from too: unique across the cluster and every scheduler instance that ever
 * led. A PID spent on a placement that then failed to commit is simply never used.
 */
final class Pids implements AllocationIds {

    private final IdRangeAllocator allocator;

    Pids(IdRangeAllocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public String idFor(JobSpec job, int index) {
        return SchedulerKeys.allocationId(job.name(), index, allocator.allocate(1).get(0).first());
    }

    static long pidOf(String allocationId) {
        return Long.parseLong(allocationId.substring(allocationId.lastIndexOf('.') + 1));
    }
}
