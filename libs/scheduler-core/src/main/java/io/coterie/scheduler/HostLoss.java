package io.coterie.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * What losing hosts costs: the allocations that were on them (to be replaced, most important
 * first) and the snapshot with those hosts down and empty, ready to place the replacements on.
 * Hosts the snapshot already had down count too: whatever they still held is lost as well.
 */
public record HostLoss(List<Allocation> lost, ClusterSnapshot after) {

    private static final Comparator<Allocation> MOST_IMPORTANT_FIRST = Comparator
            .comparingInt(Allocation::priority).reversed()
            .thenComparing(Allocation::job)
            .thenComparingInt(Allocation::index)
            .thenComparing(Allocation::id);

    public HostLoss {
        lost = List.copyOf(lost);
    }

    /** Throws {@link IllegalArgumentException} for a host id the snapshot does not know. */
    public static HostLoss of(ClusterSnapshot cluster, Set<String> downHostIds) {
        ClusterSnapshot after = cluster.copy();
        List<Allocation> lost = new ArrayList<>();
        for (String hostId : downHostIds) {
            after.host(hostId).orElseThrow(() -> new IllegalArgumentException("unknown host " + hostId));
        }
        for (Host host : after.hosts()) {
            if (!host.up() || downHostIds.contains(host.id())) {
                lost.addAll(after.markDown(host.id()));
            }
        }
        lost.sort(MOST_IMPORTANT_FIRST);
        return new HostLoss(lost, after);
    }
}
