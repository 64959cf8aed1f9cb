package io.coterie.telemetry.client;

/** A point that breaks a rule of the wire format; the message names the rule, for a person and for the DLQ. */
public final class InvalidPointException extends RuntimeException {

    public InvalidPointException(String reason) {
        super(reason);
    }
}
