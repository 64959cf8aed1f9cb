package io.coterie.rpc.server;

/** Checks a caller's token (the server then checks its {@code call} grant on the bound name). */
@FunctionalInterface
public interface TokenVerifier {

    /**
     * @param token the bearer token, without the {@code Bearer } prefix
     * @throws InvalidTokenException          the token is not valid: 401
     * @throws VerifierUnavailableException the keys to check it cannot be read right now: 503
     */
    Caller verify(String token) throws InvalidTokenException;
}
