package io.coterie.agent;

import java.util.concurrent.ScheduledFuture;

/**
 * What the supervisor knows about one allocation assigned here. Changed only on the supervisor's
 * thread; the fields are volatile so that {@code GET /v1/agent} can show them from another.
 */
final class Supervised {

    enum State {
        /** Its process runs (started here, or adopted). */
        RUNNING,
        /** Its last run ended and the restart policy starts it again after a pause. */
        RESTARTING,
        /** Ended (or never started) and not restarted: nothing runs for it until its assignment goes. */
        FINISHED,
        /** Its assignment was deleted, or the agent fenced itself: being stopped. */
        STOPPING
    }

    final String id;
    /** Null when the stored assignment could not be used at all. */
    final Assignment assignment;
    volatile State state;
    volatile RunningWorkload run;
    volatile int restarts;
    /** The status last written for it. */
    volatile AllocationStatus status;
    volatile ScheduledFuture<?> restartTimer;
    /** The restart pause is over, but the host lease was not held then: start once it is. */
    volatile boolean restartDue;

    Supervised(String id, Assignment assignment, int restarts) {
        this.id = id;
        this.assignment = assignment;
        this.restarts = restarts;
        this.state = State.FINISHED;
    }

    void cancelRestart() {
        ScheduledFuture<?> timer = restartTimer;
        if (timer != null) {
            timer.cancel(false);
        }
        restartTimer = null;
        restartDue = false;
    }
}
