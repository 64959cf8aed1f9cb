package io.coterie.agent;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How this host presents itself to the scheduler: the value of {@code sys/sched/hosts/HOST}
 * (docs/scheduling.md).
 *
 * @param address where the host's workloads and the agent are reached
 * @param port    the agent's HTTP port (for the logs endpoint)
 * @param cpus    CPU count: the scheduler numbers them 0..cpus-1
 */
record HostRecord(String id, String address, int port, int cpus, long memoryBytes, Map<String, String> labels,
                  List<String> dataPaths, boolean monitorOnly, Instant startedAt) {
}
