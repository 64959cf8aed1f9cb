package io.coterie.naming;

/** An entry that breaks a rule of its kind, or bytes that are not an encoded entry; the message says what. */
public class InvalidEntryException extends IllegalArgumentException {

    public InvalidEntryException(String message) {
        super(message);
    }
}
