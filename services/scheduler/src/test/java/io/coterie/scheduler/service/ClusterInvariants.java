package io.coterie.scheduler.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.Consistency;
import io.coterie.consensus.client.KeyValue;
import io.coterie.consensus.client.RangePage;
import io.coterie.scheduler.Allocation;
import io.coterie.scheduler.Host;
import io.coterie.scheduler.HostLedger;
import io.coterie.scheduler.service.store.AllocationRecord;
import io.coterie.scheduler.service.store.StoreJson;
import io.coterie.scheduler.service.store.SchedulerKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What must hold of the allocations in the store whatever happened: checked from the store itself. */
public final class ClusterInvariants {

    private ClusterInvariants() {
    }

    /** Every allocation in the store, read page by page. */
    public static List<AllocationRecord> allocations(ConsensusClient store) {
        List<AllocationRecord> all = new ArrayList<>();
        String after = "";
        while (true) {
            RangePage page = store.list(SchedulerKeys.ALLOCATIONS, after, 1000, false, Consistency.LINEARIZABLE).join();
            for (KeyValue kv : page.kvs()) {
                all.add(StoreJson.decode(kv.key(), kv.value(), AllocationRecord.class));
            }
            if (!page.more()) {
                return all;
            }
            after = page.lastKey();
        }
    }

    /**
     * Of the allocations on {@code hosts} (other tests may share the store): no host holds more than it has (the same {@link HostLedger} arithmetic the placer uses, CPU ids
     * included), no replica of a job has two allocations, no PID is used twice.
     */
    public static void check(ConsensusClient store, Map<String, Host> hosts) {
        List<AllocationRecord> allocations = allocations(store).stream().filter(a -> hosts.containsKey(a.hostId())).toList();
        Map<String, List<Allocation>> byHost = new HashMap<>();
        Set<String> replicas = new HashSet<>();
        Set<Long> pids = new HashSet<>();
        for (AllocationRecord allocation : allocations) {
            byHost.computeIfAbsent(allocation.hostId(), host -> new ArrayList<>()).add(allocation.toAllocation());
            assertThat(replicas.add(allocation.job() + "/" + allocation.index())).as("replica %s/%d has two allocations",
                    allocation.job(), allocation.index()).isTrue();
            assertThat(pids.add(allocation.pid())).as("PID %d is used twice", allocation.pid()).isTrue();
            assertThat(allocation.id()).isEqualTo(SchedulerKeys.allocationId(allocation.job(), allocation.index(), allocation.pid()));
        }
        byHost.forEach((hostId, held) -> HostLedger.of(hosts.get(hostId), held).checkInvariants());
    }
}
