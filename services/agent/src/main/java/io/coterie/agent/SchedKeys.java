package io.coterie.agent;

/** The store keys the agent shares with the scheduler (docs/scheduling.md). */
final class SchedKeys {

    private final String hostId;

    SchedKeys(String hostId) {
        this.hostId = hostId;
    }

    String host() {
        return "sys/sched/hosts/" + hostId;
    }

    /** Every assignment of this host is a key under this prefix. */
    String assignments() {
        return "sys/sched/allocs/" + hostId + "/";
    }

    String assignment(String allocId) {
        return assignments() + allocId;
    }

    String status(String allocId) {
        return "sys/sched/status/" + allocId;
    }

    /** Allocation ids are JOB.INDEX.PID and job names hold no dot (docs/scheduling.md). */
    static String jobOf(String allocId) {
        int dot = allocId.indexOf('.');
        return dot > 0 ? allocId.substring(0, dot) : allocId;
    }

    /** The allocation id of an assignment key, or null for a key that is not directly under the prefix. */
    String allocIdOf(String assignmentKey) {
        if (!assignmentKey.startsWith(assignments())) {
            return null;
        }
        String id = assignmentKey.substring(assignments().length());
        return id.isEmpty() || id.contains("/") ? null : id;
    }
}
