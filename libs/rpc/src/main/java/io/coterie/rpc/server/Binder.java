package io.coterie.rpc.server;

/** Makes a running server findable under its name; closing what it returns takes the name away again. */
@FunctionalInterface
public interface Binder {

    /**
     * Binds {@code endpoint} and keeps it bound until the returned handle is closed.
     *
     * @throws Exception when the name cannot be bound (the server does not start then)
     */
    AutoCloseable bind(Endpoint endpoint) throws Exception;
}
