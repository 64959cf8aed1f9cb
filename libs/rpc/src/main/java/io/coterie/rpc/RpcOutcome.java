package io.coterie.rpc;

import java.util.Locale;

/** What a caller may conclude about its command (docs/rpc.md, Outcomes); travels as {@code Coterie-Outcome}. */
public enum RpcOutcome {
    /** It ran, once; the answer is its result. */
    EXECUTED,
    /** It did not run and will not run from this request. */
    REJECTED,
    /** It may have run or may still run; retry with the same key to learn. */
    UNKNOWN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome a header names; {@link #UNKNOWN} for a missing or unrecognised one (the caller cannot know more). */
    public static RpcOutcome fromWire(String text) {
        for (RpcOutcome outcome : values()) {
            if (outcome.wire().equals(text)) {
                return outcome;
            }
        }
        return UNKNOWN;
    }
}
