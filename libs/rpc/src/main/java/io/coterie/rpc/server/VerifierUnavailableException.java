package io.coterie.rpc.server;

/** The verifier cannot judge any token now (its keys cannot be read): 503, rejected, retry later. */
public class VerifierUnavailableException extends RuntimeException {

    public VerifierUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
