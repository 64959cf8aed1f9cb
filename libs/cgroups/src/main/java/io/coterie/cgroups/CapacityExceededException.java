package io.coterie.cgroups;

/** A workload asked for more CPU, memory or exclusive CPUs than its host has left. */
public final class CapacityExceededException extends RuntimeException {

    public CapacityExceededException(String message) {
        super(message);
    }
}
