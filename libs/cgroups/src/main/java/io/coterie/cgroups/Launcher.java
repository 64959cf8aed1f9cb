package io.coterie.cgroups;

import java.util.ArrayList;
import java.util.List;

/**
 * The argv that joins the groups and then becomes the workload. The new process writes its own pid
 * into every cgroup.procs file and only then execs the workload, so nothing of the workload ever
 * runs outside its limits (moving it after start would leave a window in which it could allocate or
 * fork freely). If joining fails it exits 125 before running anything, like container runtimes do.
 */
final class Launcher {

    /** Exit code of the wrapper when it could not join a group; the workload never ran. */
    static final int JOIN_FAILED = 125;
    /** $0 of the wrapper, so the shell's own error messages say who failed. */
    static final String NAME = "coterie-enter";

    static final String SCRIPT = "n=$1; shift; "
            + "while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit " + JOIN_FAILED + "; shift; n=$((n - 1)); done; "
            + "exec \"$@\"";

    private Launcher() {
    }

    static List<String> enterThenExec(List<String> procsFiles) {
        List<String> argv = new ArrayList<>();
        argv.add("/bin/sh");
        argv.add("-c");
        argv.add(SCRIPT);
        argv.add(NAME);
        argv.add(Integer.toString(procsFiles.size()));
        argv.addAll(procsFiles);
        return argv;
    }
}
