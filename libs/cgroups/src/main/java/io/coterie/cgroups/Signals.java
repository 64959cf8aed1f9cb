package io.coterie.cgroups;

import java.util.Collection;

/**
 * Signals by pid through {@link ProcessHandle}, which checks the process start time before
 * signalling, so a pid that died and was reused in between is not hit.
 */
final class Signals {

    private static final long SELF = ProcessHandle.current().pid();

    private Signals() {
    }

    static void terminate(Collection<Long> pids) {
        for (long pid : pids) {
            if (pid != SELF) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            }
        }
    }

    static void kill(Collection<Long> pids) {
        for (long pid : pids) {
            if (pid != SELF) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
