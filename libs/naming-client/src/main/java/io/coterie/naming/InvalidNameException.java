package io.coterie.naming;

/** A name or name prefix that breaks a naming rule; the message says which rule. */
public final class InvalidNameException extends IllegalArgumentException {

    public InvalidNameException(String rule) {
        super(rule);
    }
}
