package io.coterie.agent;

import io.coterie.cgroups.ExitStatus;

/**
 * How one run of a workload ended. Known for workloads this agent instance started; unknown for one
 * re-adopted from a previous instance, whose exit status went to its former parent.
 *
 * @param exitCode null when unknown
 * @param signal   null unless a signal ended it
 */
record Outcome(Integer exitCode, Integer signal, boolean oomKilled, String message) {

    static Outcome of(ExitStatus status) {
        return new Outcome(status.code(), status.signal().isPresent() ? status.signal().getAsInt() : null,
                status.oomKilled(), null);
    }

    /** How the run that {@code status} reports on ended. */
    static Outcome of(AllocationStatus status) {
        return new Outcome(status.exitCode(), status.signal(), AllocationStatus.OOMKILLED.equals(status.state()),
                status.message());
    }

    static Outcome unknown(String why) {
        return new Outcome(null, null, false, why);
    }

    /** Only a known clean exit counts: an unknown end is treated as a failure, so on-failure restarts it. */
    boolean succeeded() {
        return exitCode != null && exitCode == 0 && !oomKilled;
    }
}
