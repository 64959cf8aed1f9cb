package io.coterie.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The agent's settings ({@code coterie.agent.*}, or {@code COTERIE_AGENT_*} in the environment).
 * The README's settings table lists them with their defaults. Several agents can share one machine
 * as separate hosts: each needs its own host id, HTTP port and state directory.
 *
 * @param hostId        this host's id in the scheduler's eyes and the name of its cgroup; default: the machine's name
 * @param cpus          how many of the machine's CPUs this host offers; default: all the agent may use
 * @param memory        how much memory this host offers; default: the machine's memory minus a reserve (see {@link HostCapacity})
 * @param labels        {@code k=v,k=v}, for the scheduler's label constraints
 * @param dataPaths     naming paths whose data this host holds, for the scheduler's data affinity
 * @param stateDir      workload logs ({@code logs/ALLOC}) and the telemetry spool; default {@code var/agent/HOST-ID}
 * @param cgroupParent  the cgroup (relative to the agent's own) under which host groups are made
 * @param monitorOnly   run workloads without CPU and memory limits where cgroups cannot be written, instead of refusing to start
 * @param stopGrace     between SIGTERM and SIGKILL when a workload is stopped
 * @param leaseTtl      the host key's lease: the host counts as down this long after the agent's last renewal
 * @param usageInterval how often usage is read and reported
 * @param logRetention  how long the logs of an allocation no longer assigned here are kept
 */
@ConfigurationProperties("coterie.agent")
public record AgentSettings(
        String hostId,
        Integer cpus,
        DataSize memory,
        @DefaultValue("") String labels,
        @DefaultValue List<String> dataPaths,
        Path stateDir,
        @DefaultValue("coterie") String cgroupParent,
        @DefaultValue("false") boolean monitorOnly,
        @DefaultValue Telemetry telemetry,
        @DefaultValue("10s") Duration stopGrace,
        @DefaultValue("10s") Duration leaseTtl,
        @DefaultValue("10s") Duration usageInterval,
        @DefaultValue("1d") Duration logRetention) {

    /** What cgroups and the scheduler both accept as a host id. */
    private static final Pattern HOST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** @param kafka publish usage there; usage only goes into statuses while it is not set */
    public record Telemetry(@DefaultValue Kafka kafka) {
    }

    /** @param bootstrapServers the brokers' {@code host:port} list */
    public record Kafka(String bootstrapServers) {
    }

    public AgentSettings {
        hostId = hostId == null || hostId.isBlank() ? LocalMachine.hostName() : hostId;
        require(HOST_ID.matcher(hostId).matches(), "host-id must be 1-64 characters of [A-Za-z0-9._-] starting with a "
                + "letter or digit (got '" + hostId + "')");
        require(cpus == null || cpus >= 1, "cpus must be at least 1");
        require(memory == null || memory.toBytes() > 0, "memory must be more than 0 bytes");
        parseLabels(labels);
        stateDir = stateDir == null ? Path.of("var", "agent", hostId) : stateDir;
        require(!stopGrace.isNegative(), "stop-grace must not be negative");
        require(leaseTtl.compareTo(Duration.ofSeconds(1)) >= 0, "lease-ttl must be at least 1s");
        require(usageInterval.compareTo(Duration.ofMillis(100)) >= 0, "usage-interval must be at least 100ms");
        require(!logRetention.isNegative(), "log-retention must not be negative");
    }

    /** The labels as a map, in the order given. */
    public Map<String, String> labelMap() {
        return parseLabels(labels);
    }

    /** Only when Kafka is configured are usage points published. */
    public boolean publishesTelemetry() {
        String servers = telemetry.kafka().bootstrapServers();
        return servers != null && !servers.isBlank();
    }

    /** How often the host key's lease is renewed: well inside the TTL, so one late renewal costs nothing. */
    public Duration leaseRenewEvery() {
        return leaseTtl.multipliedBy(3).dividedBy(10);
    }

    private static Map<String, String> parseLabels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return labels;
        }
        for (String pair : text.split(",")) {
            int equals = pair.indexOf('=');
            require(equals > 0, "labels must be k=v,k=v (got '" + pair.strip() + "')");
            labels.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
        }
        return labels;
    }

    private static void require(boolean rule, String message) {
        if (!rule) {
            throw new IllegalArgumentException("coterie.agent." + message);
        }
    }
}
