package io.coterie.scheduler;

/** No host can take the replica, even by preempting; the explanation says why, host by host. */
public record Pending(Explanation explanation) implements Decision {

    @Override
    public String toString() {
        return "Pending[" + explanation + "]";
    }
}
