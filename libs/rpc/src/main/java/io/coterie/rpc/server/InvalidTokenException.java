package io.coterie.rpc.server;

/** A token that is not valid (bad signature, unknown key, wrong issuer, expired, malformed): 401. */
public class InvalidTokenException extends Exception {

    public InvalidTokenException(String message) {
        super(message);
    }

    public InvalidTokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
