package io.coterie.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The hosts and their allocations, as one ledger per host, that the placer decides against. It
 * is mutable so that decisions can be applied to it ({@link #apply}), and {@link #copy()} is cheap
 * (copy-on-write per host), so "what if" work such as placing all replicas of a job happens on a
 * copy and costs only the hosts it touches. Not thread-safe, copies included (a copy shares
 * ledgers with its original until either writes); give each thread its own.
 *
 * <p>Allocation ids are checked for uniqueness across hosts only by {@link #of}; later additions
 * are checked per host, since a global index would make every copy cost every allocation.
 */
public final class ClusterSnapshot {

    private final Map<String, Integer> positions;
    private final HostLedger[] ledgers;
    /** Ledgers this snapshot may change in place; the others are shared with a copy. */
    private final BitSet owned;

    private ClusterSnapshot(Map<String, Integer> positions, HostLedger[] ledgers, BitSet owned) {
        this.positions = positions;
        this.ledgers = ledgers;
        this.owned = owned;
    }

    /**
     * Throws {@link IllegalArgumentException} for duplicate host or allocation ids and for an
     * allocation on a host that is not listed (mark a host down rather than forget it, so its
     * allocations are seen as lost), and {@link LedgerConflictException} if a host is over-committed.
     */
    public static ClusterSnapshot of(Collection<Host> hosts, Collection<Allocation> allocations) {
        List<Host> sorted = new ArrayList<>(hosts);
        sorted.sort(Comparator.comparing(Host::id));
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            if (positions.put(sorted.get(i).id(), i) != null) {
                throw new IllegalArgumentException("host " + sorted.get(i).id() + " is listed twice");
            }
        }
        List<List<Allocation>> byHost = new ArrayList<>();
        sorted.forEach(host -> byHost.add(new ArrayList<>()));
        Set<String> allocationIds = new HashSet<>();
        for (Allocation allocation : allocations) {
            Integer position = positions.get(allocation.hostId());
            if (position == null) {
                throw new IllegalArgumentException("allocation " + allocation.id() + " is on unknown host " + allocation.hostId());
            }
            if (!allocationIds.add(allocation.id())) {
                throw new IllegalArgumentException("allocation " + allocation.id() + " is listed twice");
            }
            byHost.get(position).add(allocation);
        }
        HostLedger[] ledgers = new HostLedger[sorted.size()];
        for (int i = 0; i < ledgers.length; i++) {
            ledgers[i] = HostLedger.of(sorted.get(i), byHost.get(i));
        }
        BitSet owned = new BitSet(ledgers.length);
        owned.set(0, ledgers.length);
        return new ClusterSnapshot(Map.copyOf(positions), ledgers, owned);
    }

    public ClusterSnapshot copy() {
        owned.clear();
        return new ClusterSnapshot(positions, ledgers.clone(), new BitSet(ledgers.length));
    }

    public int hostCount() {
        return ledgers.length;
    }

    /** The hosts, by id. */
    public List<Host> hosts() {
        return Arrays.stream(ledgers).map(HostLedger::host).toList();
    }

    public Optional<Host> host(String hostId) {
        Integer position = positions.get(hostId);
        return position == null ? Optional.empty() : Optional.of(ledgers[position].host());
    }

    /** A copy of the host's ledger: change the snapshot through {@link #add}, {@link #remove} and {@link #apply}. */
    public HostLedger ledger(String hostId) {
        return ledgers[position(hostId)].copy();
    }

    /** Every allocation, by host id, then allocation id. */
    public List<Allocation> allocations() {
        List<Allocation> all = new ArrayList<>();
        for (HostLedger ledger : ledgers) {
            all.addAll(ledger.allocations());
        }
        return all;
    }

    public List<Allocation> allocationsOf(String job) {
        List<Allocation> ofJob = new ArrayList<>();
        for (HostLedger ledger : ledgers) {
            if (ledger.replicasOf(job) > 0) {
                ledger.allocations().stream().filter(allocation -> allocation.job().equals(job)).forEach(ofJob::add);
            }
        }
        return ofJob;
    }

    /** Throws {@link LedgerConflictException} (and changes nothing) if the host cannot take it. */
    public void add(Allocation allocation) {
        writable(position(allocation.hostId())).add(allocation);
    }

    public Allocation remove(Allocation allocation) {
        return writable(position(allocation.hostId())).remove(allocation.id());
    }

    /**
     * Carries out a decision for replica {@code index} of {@code job}: evicts the victims of a
     * preemption plan and books the new allocation, all or nothing. Returns the new allocation,
     * or empty for {@link Pending}.
     */
    public Optional<Allocation> apply(Decision decision, String allocationId, JobSpec job, int index) {
        if (decision instanceof Placement placement) {
            Allocation allocation = placement.allocation(allocationId, job, index);
            add(allocation);
            return Optional.of(allocation);
        }
        if (decision instanceof PreemptionPlan plan) {
            int position = position(plan.hostId());
            HostLedger changed = ledgers[position].copy();
            plan.victims().forEach(victim -> changed.remove(victim.id()));
            Allocation allocation = plan.allocation(allocationId, job, index);
            changed.add(allocation);
            ledgers[position] = changed;
            owned.set(position);
            return Optional.of(allocation);
        }
        return Optional.empty();
    }

    /** Marks the host down and empties it; returns the allocations it held. */
    List<Allocation> markDown(String hostId) {
        int position = position(hostId);
        List<Allocation> lost = ledgers[position].allocations();
        ledgers[position] = HostLedger.empty(ledgers[position].host().down());
        owned.set(position);
        return lost;
    }

    int size() {
        return ledgers.length;
    }

    /** For reading only: the ledger may be shared with copies. */
    HostLedger ledgerAt(int position) {
        return ledgers[position];
    }

    private HostLedger writable(int position) {
        if (!owned.get(position)) {
            ledgers[position] = ledgers[position].copy();
            owned.set(position);
        }
        return ledgers[position];
    }

    private int position(String hostId) {
        Integer position = positions.get(hostId);
        if (position == null) {
            throw new IllegalArgumentException("unknown host " + hostId);
        }
        return position;
    }
}
