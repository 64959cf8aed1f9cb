package io.coterie.consensus.core;

/** A command or query the state machine refuses before it reaches the log: the caller's fault. */
public final class RejectedCommandException extends Exception {

    public RejectedCommandException(String message) {
        super(message);
    }
}
