package io.coterie.scheduler;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A machine the scheduler may place on, as the host agent reported it.
 *
 * @param cpus      CPU ids 0..cpus-1; ids below cpus-1 can be pinned whole, the rest form the shared
 *                  pool (which always keeps the last, cpus-1)
 * @param dataPaths naming paths whose data this host holds (a job with an affinity to one of
 *                  them, or to a path below one, prefers this host)
 */
public record Host(String id, Map<String, String> labels, int cpus, long memoryBytes, boolean up, Set<String> dataPaths) {

    /** CPU ids are tracked one bit each; this keeps a ledger small whatever a host reports. */
    public static final int MAX_CPUS = 65_536;

    public Host {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("host id must not be blank");
        }
        labels = Map.copyOf(labels);
        if (cpus < 1 || cpus > MAX_CPUS) {
            throw new IllegalArgumentException("host " + id + ": cpus must be between 1 and " + MAX_CPUS + " (got " + cpus + ")");
        }
        if (memoryBytes <= 0) {
            throw new IllegalArgumentException("host " + id + ": memory must be more than 0 bytes (got " + memoryBytes + ")");
        }
        dataPaths = Set.copyOf(dataPaths);
        for (String path : dataPaths) {
            String violation = DataPath.violation(path);
            if (violation != null) {
                throw new IllegalArgumentException("host " + id + ": data path " + violation);
            }
        }
    }

    /** An up host with no labels and no data. */
    public static Host of(String id, int cpus, long memoryBytes) {
        return new Host(id, Map.of(), cpus, memoryBytes, true, Set.of());
    }

    public Host withLabel(String key, String value) {
        Map<String, String> more = new HashMap<>(labels);
        more.put(key, value);
        return new Host(id, more, cpus, memoryBytes, up, dataPaths);
    }

    public Host withLabels(Map<String, String> labels) {
        return new Host(id, labels, cpus, memoryBytes, up, dataPaths);
    }

    public Host withDataPath(String path) {
        Set<String> more = new HashSet<>(dataPaths);
        more.add(path);
        return new Host(id, labels, cpus, memoryBytes, up, more);
    }

    public Host withDataPaths(Set<String> paths) {
        return new Host(id, labels, cpus, memoryBytes, up, paths);
    }

    public Host down() {
        return new Host(id, labels, cpus, memoryBytes, false, dataPaths);
    }

    public long cpuMillicores() {
        return cpus * 1000L;
    }
}
