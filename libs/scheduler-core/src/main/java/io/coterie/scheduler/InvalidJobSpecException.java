package io.coterie.scheduler;

/** A job spec (or a part of one) that breaks a rule; the message names the rule and the offending value. */
public final class InvalidJobSpecException extends IllegalArgumentException {

    public InvalidJobSpecException(String rule) {
        super(rule);
    }
}
