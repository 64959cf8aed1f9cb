package io.coterie.gateway.rpc;

/** What a caller may conclude about its command (docs/rpc.md, Outcomes); sent as {@code Coterie-Outcome}. */
public enum RpcOutcome {
    /** It ran, once; the answer is its result. */
    EXECUTED,
    /** It did not run and will not run from this request. */
    REJECTED,
    /** It may have run or may still run; retry with the same key to learn. */
    UNKNOWN;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
