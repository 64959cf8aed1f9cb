package io.coterie.cgroups;

/**
 * This machine cannot enforce CPU and memory limits for us: no usable cgroup v2 or v1 hierarchy, or
 * one we may not write. Running the workload anyway would silently break the host's promises, so
 * the library refuses unless the caller opted into monitor-only mode ({@link Cgroups.Options}).
 */
public final class CgroupsUnavailableException extends RuntimeException {

    public CgroupsUnavailableException(String message) {
        super(message);
    }
}
