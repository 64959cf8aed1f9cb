package io.coterie.cli.bench;

/** How {@code bench rpc} reaches the workload's method. */
public enum RpcPath {
    /** Straight to the workload's address, over the load generator's own connections. */
    direct,
    /** Through the gateway's {@code /v1/rpc{NAME}/{METHOD}}, over the same kind of connections. */
    gateway,
    /** Through the in-process client library, which resolves the name and calls the workload itself. */
    client
}
