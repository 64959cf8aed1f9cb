package io.coterie.gateway.rpc;

/** How a forwarded call ended, and what that means for its record. */
record Settled(RpcResponse response, Kind kind) {

    enum Kind {
        /** The command ran (executed, or failed after it started): the answer is kept. */
        RAN,
        /** The command did not run: the record goes, the key starts afresh. */
        REJECTED,
        /** Nobody knows whether it ran: the claim ends, the next call with the key forwards it again. */
        UNSETTLED
    }

    static Settled ran(RpcResponse response) {
        return new Settled(response, Kind.RAN);
    }

    static Settled rejected(RpcResponse response) {
        return new Settled(response, Kind.REJECTED);
    }

    static Settled unsettled(RpcResponse response) {
        return new Settled(response, Kind.UNSETTLED);
    }
}
