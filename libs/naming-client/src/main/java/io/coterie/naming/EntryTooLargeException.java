package io.coterie.naming;

/** An entry whose encoding would not fit in one store value, or a file over the content limit. */
public final class EntryTooLargeException extends InvalidEntryException {

    public EntryTooLargeException(String message) {
        super(message);
    }
}
