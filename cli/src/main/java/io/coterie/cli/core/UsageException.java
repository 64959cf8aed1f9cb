package io.coterie.cli.core;

/** The command line itself is wrong in a way picocli cannot see (exit status 2). */
public class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
