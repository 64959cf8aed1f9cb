package io.coterie.scheduler.service.store;

import io.coterie.scheduler.Host;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code sys/sched/hosts/HOST}, written by the host's agent under its lease.
 *
 * @param address     where the host's workloads (and its agent) are reached: a host name or IP address
 * @param port        the agent's HTTP port (its logs endpoint)
 * @param monitorOnly the agent cannot enforce limits on this host (no usable cgroups); the scheduler
 *                    still places here and shows the flag
 */
public record HostRecord(String id, String address, Integer port, Integer cpus, Long memoryBytes, Map<String, String> labels,
                         List<String> dataPaths, Boolean monitorOnly, String startedAt) {

    /**
     * The host as the placer sees it. Throws {@link IllegalArgumentException} naming what is wrong
     * when the agent wrote something the scheduler cannot place on.
     */
    public Host toHost(String keyHostId) {
        if (!keyHostId.equals(id)) {
            throw new IllegalArgumentException("host key " + keyHostId + " holds id '" + id + "'");
        }
        if (!SchedulerKeys.isValidHostId(id)) {
            throw new IllegalArgumentException("host id '" + id + "' is not [A-Za-z0-9][A-Za-z0-9._-]{0,127}");
        }
        agent();
        if (cpus == null || memoryBytes == null) {
            throw new IllegalArgumentException("host " + id + " reports no cpus or memoryBytes");
        }
        return new Host(id, labels == null ? Map.of() : labels, cpus, memoryBytes, true,
                dataPaths == null ? Set.of() : Set.copyOf(dataPaths));
    }

    public AgentAddress agent() {
        return AgentAddress.of(address, port);
    }
}
