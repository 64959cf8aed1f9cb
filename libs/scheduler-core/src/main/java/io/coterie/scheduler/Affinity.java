package io.coterie.scheduler;

import java.util.List;

/** Which hosts hold the data a job has an affinity to: the path itself or a directory above it. */
final class Affinity {

    private final List<String> paths;

    private Affinity(List<String> paths) {
        this.paths = paths;
    }

    static Affinity of(JobSpec job) {
        return new Affinity(job.affinityPath().map(DataPath::withAncestors).orElse(List.of()));
    }

    boolean favours(Host host) {
        if (host.dataPaths().isEmpty()) {
            return false;
        }
        for (String path : paths) {
            if (host.dataPaths().contains(path)) {
                return true;
            }
        }
        return false;
    }
}
