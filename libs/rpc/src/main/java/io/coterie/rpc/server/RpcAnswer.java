package io.coterie.rpc.server;

import io.coterie.rpc.RpcOutcome;

/** An answer as it goes on the wire, and as a remembered key replays it. */
public record RpcAnswer(int status, RpcOutcome outcome, String contentType, byte[] body) {

    /** True for answers of calls that ran (executed or failed), the only ones a key remembers. */
    public boolean ran() {
        return outcome != RpcOutcome.REJECTED;
    }
}
