package io.coterie.scheduler.service.hosts;

import io.coterie.auth.Action;
import io.coterie.auth.Grants;
import io.coterie.consensus.client.KeyValue;
import io.coterie.scheduler.service.store.AllocationRecord;
import io.coterie.scheduler.service.store.BlockingStore;
import io.coterie.scheduler.service.store.Cpus;
import io.coterie.scheduler.service.store.HostRecord;
import io.coterie.scheduler.service.store.SchedulerKeys;
import io.coterie.scheduler.service.store.StoreJson;
import io.coterie.service.Access;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/hosts}: the hosts the agents advertise and what is allocated on each. A host is
 * the resource {@code /hosts/ID}: the caller sees the hosts it has {@code read} on (admin: all).
 */
@RestController
class HostController {

    /**
     * One host. {@code down}: allocations are still recorded on a host whose agent is gone (until
     * the leader replaces them), or the agent advertises something unusable ({@code problem} says what).
     */
    record HostView(String id, String status, String address, Integer cpus, Long memoryBytes, BigDecimal allocatedCpus,
                    long allocatedMemoryBytes, int allocations, Map<String, String> labels, List<String> dataPaths,
                    Boolean monitorOnly, String startedAt, String problem) {
    }

    private record Usage(long millicores, long memoryBytes, int allocations) {
        Usage plus(AllocationRecord allocation) {
            return new Usage(millicores + allocation.cpuMillis(), memoryBytes + allocation.memoryBytes(), allocations + 1);
        }
    }

    private static final Usage NONE = new Usage(0, 0, 0);

    private final BlockingStore store;
    private final Access access;

    HostController(BlockingStore store, Access access) {
        this.store = store;
        this.access = access;
    }

    static String resource(String hostId) {
        return "/hosts/" + hostId;
    }

    @GetMapping("/v1/hosts")
    List<HostView> hosts() {
        Grants grants = access.grants();
        Map<String, Usage> usage = new TreeMap<>();
        for (KeyValue kv : store.list(SchedulerKeys.ALLOCATIONS)) {
            AllocationRecord allocation = StoreJson.decode(kv.key(), kv.value(), AllocationRecord.class);
            usage.merge(allocation.hostId(), NONE.plus(allocation), (a, b) -> a.plus(allocation));
        }
        Map<String, HostView> hosts = new TreeMap<>();
        for (KeyValue kv : store.list(SchedulerKeys.HOSTS)) {
            String id = SchedulerKeys.lastSegment(kv.key());
            if (grants.allows(Action.READ, resource(id))) {
                hosts.put(id, advertised(id, kv, usage.getOrDefault(id, NONE)));
            }
        }
        usage.forEach((id, used) -> {
            if (!hosts.containsKey(id) && grants.allows(Action.READ, resource(id))) {
                hosts.put(id, new HostView(id, "down", null, null, null, cpus(used), used.memoryBytes(), used.allocations(),
                        null, null, null, null, "no agent advertises this host; its allocations are being replaced"));
            }
        });
        return new ArrayList<>(hosts.values());
    }

    private static HostView advertised(String id, KeyValue kv, Usage used) {
        HostRecord host;
        try {
            host = StoreJson.decode(kv.key(), kv.value(), HostRecord.class);
        } catch (StoreJson.UnreadableValueException e) {
            return new HostView(id, "down", null, null, null, cpus(used), used.memoryBytes(), used.allocations(),
                    null, null, null, null, e.getMessage());
        }
        String problem = null;
        try {
            host.toHost(id);
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        return new HostView(id, problem == null ? "up" : "down", host.address(), host.cpus(), host.memoryBytes(), cpus(used),
                used.memoryBytes(), used.allocations(), host.labels(), host.dataPaths(), host.monitorOnly(), host.startedAt(),
                problem);
    }

    private static BigDecimal cpus(Usage used) {
        return Cpus.ofMillicores(used.millicores());
    }
}
