package io.coterie.testsupport.linearizability;

import java.util.Objects;

/**
 * The verdict on a history, with an explanation short enough to put in an assertion message: a failing
 * integration test should say which key went wrong and which operations were involved without anyone
 * having to re-run the search.
 */
public record CheckResult(Verdict verdict, String explanation) {

    public enum Verdict {
        LINEARIZABLE,
        NOT_LINEARIZABLE,
        /** The search ran out of time; nothing is known. */
        UNKNOWN
    }

    public CheckResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(explanation, "explanation");
    }

    public boolean isLinearizable() {
        return verdict == Verdict.LINEARIZABLE;
    }

    @Override
    public String toString() {
        return verdict + ": " + explanation;
    }
}
