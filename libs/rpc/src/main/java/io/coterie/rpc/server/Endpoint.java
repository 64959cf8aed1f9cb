package io.coterie.rpc.server;

/**
 * What a running server binds under its name: one instance of a service entry.
 *
 * @param name       the name, such as {@code /robots/r1}
 * @param instanceId the instance's id within the entry
 * @param address    the host callers connect to
 * @param port       the port callers connect to
 */
public record Endpoint(String name, String instanceId, String address, int port) {
}
