package io.coterie.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What the agent reports about one allocation: the value of {@code sys/sched/status/ALLOC}
 * (docs/scheduling.md). Absent fields are left out of the JSON.
 *
 * @param state    running, exited, oomkilled or failed (the agent never writes pending or lost)
 * @param signal   the signal that ended the process, when one did
 * @param localPid the workload's main process on this machine
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
record AllocationStatus(String id, String job, Integer index, String hostId, String state, Integer exitCode,
                        Integer signal, Integer restarts, Long localPid, Instant startedAt, Instant endedAt, String message,
                        Double cpuSeconds, Long memoryBytes) {

    static final String RUNNING = "running";
    static final String EXITED = "exited";
    static final String OOMKILLED = "oomkilled";
    static final String FAILED = "failed";

    /** A status the scheduler wrote (lost) may say nothing about restarts: none, then. */
    AllocationStatus {
        restarts = restarts == null ? 0 : restarts;
    }

    static AllocationStatus running(Assignment assignment, String hostId, int restarts, long localPid, Instant startedAt) {
        return new AllocationStatus(assignment.id(), assignment.job(), assignment.index(), hostId, RUNNING, null, null,
                restarts, localPid, startedAt, null, null, null, null);
    }

    static AllocationStatus failed(String allocId, String job, Integer index, String hostId, int restarts, String message,
                                   Instant at) {
        return new AllocationStatus(allocId, job, index, hostId, FAILED, null, null, restarts, null, null, at, message,
                null, null);
    }

    /** The run described by this status ended as {@code outcome}. */
    AllocationStatus ended(Outcome outcome, Instant at) {
        return new AllocationStatus(id, job, index, hostId, outcome.oomKilled() ? OOMKILLED : EXITED, outcome.exitCode(),
                outcome.signal(), restarts, localPid, startedAt, at, outcome.message(), cpuSeconds, memoryBytes);
    }

    AllocationStatus withUsage(double cpuSeconds, long memoryBytes) {
        return new AllocationStatus(id, job, index, hostId, state, exitCode, signal, restarts, localPid, startedAt, endedAt,
                message, cpuSeconds, memoryBytes);
    }

    /** Exited, OOM-killed or failed: nothing runs for it here, and nothing will unless it is restarted. */
    boolean finished() {
        return EXITED.equals(state) || OOMKILLED.equals(state) || FAILED.equals(state);
    }
}
