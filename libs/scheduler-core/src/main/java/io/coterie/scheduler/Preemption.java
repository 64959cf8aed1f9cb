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
     * the shared pool), so room is additive and more victims never hurt. Taking victims least
     * important first until the request fits gives the lowest possible "most important victim";
     * then, going back from the most important, any victim the others can do without is spared,
     * which leaves a set from which no victim can be dropped.
     */
    static Optional<List<Allocation>> victims(HostLedger ledger, Resources request, int priority) {
        long cpuNeeded = request.cpu().millicores() - ledger.freeSharedMillicores();
        long memoryNeeded = request.memoryBytes() - ledger.freeMemoryBytes();
        if (request.cpu().millicores() > ledger.host().cpuMillicores() || request.memoryBytes() > ledger.host().memoryBytes()) {
            return Optional.empty();
        }
        List<Allocation> victims = new ArrayList<>();
        long cpuFreed = 0;
        long memoryFreed = 0;
        for (Allocation allocation : ledger.allocationsLeastImportantFirst()) {
            if ((cpuFreed >= cpuNeeded && memoryFreed >= memoryNeeded) || allocation.priority() >= priority) {
                break;
            }
            victims.add(allocation);
            cpuFreed += allocation.cpu().millicores();
            memoryFreed += allocation.memoryBytes();
        }
        if (cpuFreed < cpuNeeded || memoryFreed < memoryNeeded) {
            return Optional.empty();
        }
        for (int i = victims.size() - 1; i >= 0; i--) {
            Allocation spared = victims.get(i);
            if (cpuFreed - spared.cpu().millicores() >= cpuNeeded && memoryFreed - spared.memoryBytes() >= memoryNeeded) {
                victims.remove(i);
                cpuFreed -= spared.cpu().millicores();
                memoryFreed -= spared.memoryBytes();
            }
        }
        return Optional.of(victims);
    }
}
