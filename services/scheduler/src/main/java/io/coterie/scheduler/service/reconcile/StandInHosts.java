package io.coterie.scheduler.service.reconcile;

import io.coterie.scheduler.Allocation;
import io.coterie.scheduler.Host;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Hosts for allocations whose real host cannot be described: a lost host (no key left to say how
 * big it was), or a host that now reports less than it holds (an agent restarted with a smaller
 * configuration). The stand-in is just big enough for its allocations, so a snapshot can hold
 * them; nothing new fits on it.
 */
final class StandInHosts {

    private StandInHosts() {
    }

    static Host holding(String hostId, Collection<Allocation> allocations) {
        return new Host(hostId, Map.of(), cpusFor(allocations, 1), Math.max(1, memoryOf(allocations)), true, Set.of());
    }

    /** The reported host, grown where its allocations need more than it reports. */
    static Host grown(Host reported, Collection<Allocation> allocations) {
        return new Host(reported.id(), reported.labels(), cpusFor(allocations, reported.cpus()),
                Math.max(reported.memoryBytes(), memoryOf(allocations)), true, reported.dataPaths());
    }

    private static int cpusFor(Collection<Allocation> allocations, int atLeast) {
        int highestPinned = -1;
        int pinned = 0;
        long shared = 0;
        for (Allocation allocation : allocations) {
            for (int id : allocation.exclusiveCpuIds()) {
                highestPinned = Math.max(highestPinned, id);
                pinned++;
            }
            if (!allocation.isExclusive()) {
                shared += allocation.cpu().millicores();
            }
        }
        // The shared pool keeps the highest CPU (never pinned) and at least one CPU, as HostLedger has it.
        long needed = Math.max(highestPinned + 2L, pinned + Math.max(1, (shared + 999) / 1000));
        return (int) Math.min(Host.MAX_CPUS, Math.max(atLeast, needed));
    }

    private static long memoryOf(Collection<Allocation> allocations) {
        return allocations.stream().mapToLong(Allocation::memoryBytes).sum();
    }
}
