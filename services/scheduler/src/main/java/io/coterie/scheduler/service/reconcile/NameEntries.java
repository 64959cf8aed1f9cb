package io.coterie.scheduler.service.reconcile;

import io.coterie.naming.EntryCodec;
import io.coterie.naming.Health;
import io.coterie.naming.Instance;
import io.coterie.naming.ServiceEntry;
import io.coterie.scheduler.Allocation;
import io.coterie.scheduler.service.store.AgentAddress;
import java.util.List;
import java.util.Map;

/**
 * The naming entry {@code /jobs/JOB/INDEX} of a placed replica: a service with one instance, the
 * allocation, reachable at its host's address. Jobs declare no ports, so the port is the agent's.
 */
final class NameEntries {

    private NameEntries() {
    }

    static byte[] of(Allocation allocation, long pid, AgentAddress agent) {
        Map<String, String> metadata = Map.of("pid", Long.toString(pid), "alloc", allocation.id(), "host", allocation.hostId());
        Instance instance = new Instance(allocation.id(), agent.host(), agent.port(), metadata, Health.PASSING);
        return EntryCodec.encode(new ServiceEntry(List.of(instance), metadata));
    }
}
