package io.coterie.gateway.rpc;

import java.time.Instant;

/** What a call does about the record it found under its key (docs/rpc.md, Exactly once, steps 3 to 6). */
sealed interface RecordDecision {

    /** The command ran: answer what it answered, without reaching the workload. */
    record Replay(CallRecord record) implements RecordDecision {
    }

    /** The key was used for another name, method or body. */
    record Reused() implements RecordDecision {
    }

    /** Another call holds the claim until {@code until}: wait for it to finish (or for the claim to run out). */
    record Wait(Instant until) implements RecordDecision {
    }

    /** The claim ran out (its gateway died, or its caller's deadline passed): take it over and forward again. */
    record TakeOver() implements RecordDecision {
    }

    /** {@code record} is null when the stored value is not a record at all (written around the gateway). */
    static RecordDecision about(CallRecord record, String requestSha256, Instant now) {
        if (record == null) {
            return new TakeOver();
        }
        if (!requestSha256.equals(record.requestSha256())) {
            return new Reused();
        }
        if (record.isDone()) {
            return new Replay(record);
        }
        Instant until = record.claimExpiry();
        return until.isAfter(now) ? new Wait(until) : new TakeOver();
    }
}
