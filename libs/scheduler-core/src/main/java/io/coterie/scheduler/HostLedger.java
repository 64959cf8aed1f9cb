package io.coterie.scheduler;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One host's capacity minus what its allocations hold, in exact integer arithmetic. This is the
 * only place capacity is computed, so the scheduler service can rebuild a ledger from the store
 * and re-check a placement inside its compare-and-set with the same rules the placer used.
 *
 * <p>CPU model, as host agents enforce it with cgroups: pinned (exclusive) CPUs leave the shared
 * pool, so the shared capacity is {@code (cpus - pinned) * 1000} millicores; shared requests are
 * quota in that pool. The shared pool never gives up its last CPU (the highest id, {@code cpus - 1}):
 * agents keep one CPU for shared workloads and for themselves, so only ids {@code 0..cpus-2} can
 * be pinned and a 1-CPU host pins nothing. An exclusive request for k CPUs therefore needs k
 * unpinned ids below {@code cpus - 1} <em>and</em> the pool must still cover the shared quota after
 * losing them, which is the same as {@link #freeWholeCpus()} {@code >= k}, that is
 * {@code (cpus - 1) - pinned >= k} and {@code freeSharedMillicores >= k * 1000}. Every method keeps
 * every free amount at zero or above: a change that would not throws {@link LedgerConflictException}
 * and leaves the ledger as it was.
 */
public final class HostLedger {

    /** Victims are taken in this order: least important first, then by id so the choice is repeatable. */
    static final Comparator<Allocation> LEAST_IMPORTANT_FIRST =
            Comparator.comparingInt(Allocation::priority).thenComparing(Allocation::id);

    private final Host host;
    private final BitSet pinned;
    private int pinnedCount;
    private long sharedMillicoresUsed;
    private long memoryBytesUsed;
    private final Map<String, Allocation> byId;
    private final TreeSet<Allocation> byPriority;
    private final Map<String, Integer> replicasByJob;

    private HostLedger(Host host, BitSet pinned, int pinnedCount, long sharedMillicoresUsed, long memoryBytesUsed,
                       Map<String, Allocation> byId, TreeSet<Allocation> byPriority, Map<String, Integer> replicasByJob) {
        this.host = host;
        this.pinned = pinned;
        this.pinnedCount = pinnedCount;
        this.sharedMillicoresUsed = sharedMillicoresUsed;
        this.memoryBytesUsed = memoryBytesUsed;
        this.byId = byId;
        this.byPriority = byPriority;
        this.replicasByJob = replicasByJob;
    }

    public static HostLedger empty(Host host) {
        return new HostLedger(host, new BitSet(host.cpus()), 0, 0, 0,
                new HashMap<>(), new TreeSet<>(LEAST_IMPORTANT_FIRST), new HashMap<>());
    }

    /**
     * A ledger holding {@code allocations}; throws {@link LedgerConflictException} if they do not
     * all fit (a store that over-commits a host is corrupt, and guessing which allocation to drop
     * is not this library's call).
     */
    public static HostLedger of(Host host, Collection<Allocation> allocations) {
        HostLedger ledger = empty(host);
        allocations.forEach(ledger::add);
        return ledger;
    }

    public HostLedger copy() {
        return new HostLedger(host, (BitSet) pinned.clone(), pinnedCount, sharedMillicoresUsed, memoryBytesUsed,
                new HashMap<>(byId), new TreeSet<>(byPriority), new HashMap<>(replicasByJob));
    }

    public Host host() {
        return host;
    }

    /** The shared pool: every CPU nobody pinned, in millicores. */
    public long sharedPoolMillicores() {
        return (host.cpus() - pinnedCount) * 1000L;
    }

    public long freeSharedMillicores() {
        return sharedPoolMillicores() - sharedMillicoresUsed;
    }

    /** How many CPUs could still be pinned without squeezing the shared quota already granted or emptying the pool. */
    public int freeWholeCpus() {
        return (int) Math.max(0, Math.min(freeSharedMillicores() / 1000, pinnableCpus() - pinnedCount));
    }

    /** The shared pool keeps its highest CPU: ids 0 to cpus - 2 may be pinned. */
    private int pinnableCpus() {
        return host.cpus() - 1;
    }

    /** How many CPU ids that may be pinned nobody has pinned yet (whatever the shared quota says). */
    int unpinnedPinnableCpus() {
        return pinnableCpus() - pinnedCount;
    }

    public long freeMemoryBytes() {
        return host.memoryBytes() - memoryBytesUsed;
    }

    /** Shared quota plus pinned CPUs, in millicores. */
    public long usedMillicores() {
        return sharedMillicoresUsed + pinnedCount * 1000L;
    }

    public long usedMemoryBytes() {
        return memoryBytesUsed;
    }

    public List<Integer> pinnedCpuIds() {
        return pinned.stream().boxed().toList();
    }

    public List<Integer> sharedPoolCpuIds() {
        List<Integer> ids = new ArrayList<>(host.cpus() - pinnedCount);
        for (int id = pinned.nextClearBit(0); id < host.cpus(); id = pinned.nextClearBit(id + 1)) {
            ids.add(id);
        }
        return ids;
    }

    public boolean fits(Resources request) {
        return cpuFits(request.cpu()) && freeMemoryBytes() >= request.memoryBytes();
    }

    /** Why {@code request} does not fit, as an explanation shows it ("short of memory"), or empty if it fits. */
    public Optional<String> shortfall(Resources request) {
        return Optional.ofNullable(Shortfall.describe(request.cpu(), cpuFits(request.cpu()),
                freeMemoryBytes() >= request.memoryBytes()));
    }

    private boolean cpuFits(CpuRequest cpu) {
        return cpu instanceof CpuRequest.Exclusive exclusive
                ? freeWholeCpus() >= exclusive.cpus()
                : freeSharedMillicores() >= cpu.millicores();
    }

    /**
     * Books one replica of {@code job} here, pinning the lowest free CPU ids if it asks for whole
     * CPUs, and returns the allocation to store. Throws {@link LedgerConflictException} if it does not fit.
     */
    public Allocation assign(String allocationId, JobSpec job, int index) {
        String shortfall = shortfall(job.resources()).orElse(null);
        if (shortfall != null) {
            throw new LedgerConflictException("host " + host.id() + " cannot take " + job.name() + "/" + index + ": " + shortfall);
        }
        Allocation allocation = Allocation.of(allocationId, job, index, host.id(), lowestUnpinnedFor(job.cpu()));
        add(allocation);
        return allocation;
    }

    /** The CPU ids an exclusive request would pin: the lowest unpinned ones (none for a shared request). */
    List<Integer> lowestUnpinnedFor(CpuRequest cpu) {
        int wanted = cpu instanceof CpuRequest.Exclusive exclusive ? exclusive.cpus() : 0;
        List<Integer> ids = new ArrayList<>(wanted);
        for (int id = pinned.nextClearBit(0); ids.size() < wanted; id = pinned.nextClearBit(id + 1)) {
            if (id >= pinnableCpus()) {
                throw new LedgerConflictException("host " + host.id() + " has fewer than " + wanted + " CPUs it may pin");
            }
            ids.add(id);
        }
        return ids;
    }

    /** Why {@code allocation}, exactly as it is (with its CPU ids), cannot be added; empty if it can. */
    public Optional<String> conflict(Allocation allocation) {
        if (!allocation.hostId().equals(host.id())) {
            return Optional.of("allocation " + allocation.id() + " is for host " + allocation.hostId() + ", not " + host.id());
        }
        if (byId.containsKey(allocation.id())) {
            return Optional.of("allocation " + allocation.id() + " is already on host " + host.id());
        }
        for (int id : allocation.exclusiveCpuIds()) {
            if (id >= host.cpus()) {
                return Optional.of("host " + host.id() + " has no CPU " + id + " (it has " + host.cpus() + ")");
            }
            if (id >= pinnableCpus()) {
                return Optional.of("CPU " + id + " of host " + host.id() + " is the shared pool's last and cannot be pinned");
            }
            if (pinned.get(id)) {
                return Optional.of("CPU " + id + " of host " + host.id() + " is already pinned");
            }
        }
        return shortfall(allocation.resources()).map(shortfall -> "host " + host.id() + " cannot take allocation "
                + allocation.id() + ": " + shortfall);
    }

    public boolean canAdd(Allocation allocation) {
        return conflict(allocation).isEmpty();
    }

    public void add(Allocation allocation) {
        conflict(allocation).ifPresent(conflict -> {
            throw new LedgerConflictException(conflict);
        });
        if (allocation.isExclusive()) {
            allocation.exclusiveCpuIds().forEach(pinned::set);
            pinnedCount += allocation.exclusiveCpuIds().size();
        } else {
            sharedMillicoresUsed += allocation.cpu().millicores();
        }
        memoryBytesUsed += allocation.memoryBytes();
        byId.put(allocation.id(), allocation);
        byPriority.add(allocation);
        replicasByJob.merge(allocation.job(), 1, Integer::sum);
    }

    public Allocation remove(String allocationId) {
        Allocation allocation = byId.remove(allocationId);
        if (allocation == null) {
            throw new LedgerConflictException("allocation " + allocationId + " is not on host " + host.id());
        }
        if (allocation.isExclusive()) {
            allocation.exclusiveCpuIds().forEach(pinned::clear);
            pinnedCount -= allocation.exclusiveCpuIds().size();
        } else {
            sharedMillicoresUsed -= allocation.cpu().millicores();
        }
        memoryBytesUsed -= allocation.memoryBytes();
        byPriority.remove(allocation);
        replicasByJob.computeIfPresent(allocation.job(), (job, count) -> count == 1 ? null : count - 1);
        return allocation;
    }

    public boolean holds(String allocationId) {
        return byId.containsKey(allocationId);
    }

    /** This host's allocations, by id. */
    public List<Allocation> allocations() {
        List<Allocation> allocations = new ArrayList<>(byId.values());
        allocations.sort(Comparator.comparing(Allocation::id));
        return allocations;
    }

    public int replicasOf(String job) {
        return replicasByJob.getOrDefault(job, 0);
    }

    NavigableSet<Allocation> allocationsLeastImportantFirst() {
        return Collections.unmodifiableNavigableSet(byPriority);
    }

    /** How full the host would be with {@code request} on it: the mean of its CPU and memory fractions. */
    double utilisationWith(Resources request) {
        double cpu = (usedMillicores() + request.cpu().millicores()) / (double) host.cpuMillicores();
        double memory = (memoryBytesUsed + request.memoryBytes()) / (double) host.memoryBytes();
        return (cpu + memory) / 2;
    }

    /** Recomputes everything from the allocations and throws {@link IllegalStateException} on any disagreement. */
    public void checkInvariants() {
        BitSet seen = new BitSet(host.cpus());
        long shared = 0;
        long memory = 0;
        Map<String, Integer> replicas = new HashMap<>();
        for (Allocation allocation : byId.values()) {
            require(allocation.hostId().equals(host.id()), "allocation " + allocation.id() + " is for another host");
            for (int id : allocation.exclusiveCpuIds()) {
                require(id < pinnableCpus(), "CPU " + id + " may not be pinned (the shared pool keeps the last)");
                require(!seen.get(id), "CPU " + id + " is pinned twice");
                seen.set(id);
            }
            if (!allocation.isExclusive()) {
                shared += allocation.cpu().millicores();
            }
            memory += allocation.memoryBytes();
            replicas.merge(allocation.job(), 1, Integer::sum);
        }
        require(seen.equals(pinned) && pinnedCount == seen.cardinality(), "pinned CPUs disagree with the allocations");
        require(shared == sharedMillicoresUsed, "shared quota disagrees with the allocations");
        require(memory == memoryBytesUsed, "memory disagrees with the allocations");
        require(replicas.equals(replicasByJob), "replica counts disagree with the allocations");
        require(byPriority.size() == byId.size(), "priority index disagrees with the allocations");
        require(freeSharedMillicores() >= 0, "shared pool over-committed: " + freeSharedMillicores() + " millicores free");
        require(freeMemoryBytes() >= 0, "memory over-committed: " + freeMemoryBytes() + " bytes free");
    }

    private void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException("host " + host.id() + ": " + problem);
        }
    }

    @Override
    public String toString() {
        return "HostLedger[" + host.id() + ": " + freeSharedMillicores() + "m shared free, pinned " + pinned
                + ", " + freeMemoryBytes() + " bytes free, " + byId.size() + " allocations]";
    }
}
