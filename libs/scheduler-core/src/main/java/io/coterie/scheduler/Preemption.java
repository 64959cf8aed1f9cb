package io.coterie.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Which allocations to evict from one host to make room for a replica. */
final class Preemption {

    private Preemption() {
    }

    /**
     * The victims that make {@code request} fit, all of priority strictly below {@code priority},
     * least important first; empty if evicting every such allocation would still not be enough.
     *
     * <p>Evicting frees exactly what the victim held (an unpinned CPU returns 1000 millicores to
     * the shared pool and its id to those that may be pinned), so room is additive and more victims
     * never hurt. An exclusive request needs both enough shared millicores and enough pinnable ids
     * (the shared pool keeps the host's last CPU, see {@link HostLedger}); only exclusive victims
     * give ids back. Taking victims least important first until the request fits gives the lowest
     * possible "most important victim"; then, going back from the most important, any victim the
     * others can do without is spared, which leaves a set from which no victim can be dropped.
     */
    static Optional<List<Allocation>> victims(HostLedger ledger, Resources request, int priority) {
        int wholeCpus = request.cpu() instanceof CpuRequest.Exclusive exclusive ? exclusive.cpus() : 0;
        Room needed = new Room(request.cpu().millicores() - ledger.freeSharedMillicores(),
                wholeCpus - ledger.unpinnedPinnableCpus(), request.memoryBytes() - ledger.freeMemoryBytes());
        if (request.cpu().millicores() > ledger.host().cpuMillicores() || wholeCpus > ledger.host().cpus() - 1
                || request.memoryBytes() > ledger.host().memoryBytes()) {
            return Optional.empty();
        }
        List<Allocation> victims = new ArrayList<>();
        Room freed = Room.NONE;
        for (Allocation allocation : ledger.allocationsLeastImportantFirst()) {
            if (freed.covers(needed) || allocation.priority() >= priority) {
                break;
            }
            victims.add(allocation);
            freed = freed.plus(allocation);
        }
        if (!freed.covers(needed)) {
            return Optional.empty();
        }
        for (int i = victims.size() - 1; i >= 0; i--) {
            Room without = freed.minus(victims.get(i));
            if (without.covers(needed)) {
                victims.remove(i);
                freed = without;
            }
        }
        return Optional.of(victims);
    }

    /** Millicores, pinnable CPU ids and bytes, needed or freed. */
    private record Room(long millicores, long cpuIds, long memoryBytes) {

        static final Room NONE = new Room(0, 0, 0);

        boolean covers(Room needed) {
            return millicores >= needed.millicores && cpuIds >= needed.cpuIds && memoryBytes >= needed.memoryBytes;
        }

        Room plus(Allocation allocation) {
            return new Room(millicores + allocation.cpu().millicores(), cpuIds + allocation.exclusiveCpuIds().size(),
                    memoryBytes + allocation.memoryBytes());
        }

        Room minus(Allocation allocation) {
            return new Room(millicores - allocation.cpu().millicores(), cpuIds - allocation.exclusiveCpuIds().size(),
                    memoryBytes - allocation.memoryBytes());
        }
    }
}
