package io.coterie.scheduler;

/** What the host agent does when a replica's process exits. Carried for the agent; placement ignores it. */
public record RestartPolicy(Mode mode, int maxRestarts) {

    public enum Mode { NEVER, ON_FAILURE, ALWAYS }

    public static final int MAX_RESTARTS = 1_000_000;

    public RestartPolicy {
        if (mode == null) {
            throw new InvalidJobSpecException("restart mode is required (NEVER, ON_FAILURE or ALWAYS)");
        }
        if (maxRestarts < 0 || maxRestarts > MAX_RESTARTS) {
            throw new InvalidJobSpecException("max restarts must be between 0 and " + MAX_RESTARTS + " (got " + maxRestarts + ")");
        }
        if (mode == Mode.NEVER && maxRestarts != 0) {
            throw new InvalidJobSpecException("restart mode NEVER allows no restarts (got max restarts " + maxRestarts + ")");
        }
    }

    public static RestartPolicy never() {
        return new RestartPolicy(Mode.NEVER, 0);
    }

    public static RestartPolicy onFailure(int maxRestarts) {
        return new RestartPolicy(Mode.ON_FAILURE, maxRestarts);
    }

    public static RestartPolicy always(int maxRestarts) {
        return new RestartPolicy(Mode.ALWAYS, maxRestarts);
    }
}
