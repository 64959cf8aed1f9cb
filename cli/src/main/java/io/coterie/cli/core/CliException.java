package io.coterie.cli.core;

/** The operation failed; the message is the one line the user sees after {@code coterie: } (exit status 1). */
public class CliException extends RuntimeException {

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
