package io.coterie.gateway.edge;

/** Which of the public port's paths are application RPC ({@code /v1/rpc/...}, docs/rpc.md). */
final class EdgePaths {

    static final String RPC = "/v1/rpc";

    private EdgePaths() {
    }

    static boolean isRpc(String path) {
        return path.equals(RPC) || path.startsWith(RPC + "/");
    }
}
