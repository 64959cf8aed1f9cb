package io.coterie.api.kv;

import java.util.List;

/** Which branch ran, the revision after it, and one result per operation of that branch. */
public record TxnResultView(boolean succeeded, long revision, List<OpResult> results) {

    /** Exactly one member is present, matching the operation. */
    public record OpResult(PutResultView put, DeleteResultView delete, KeyPage get) {
    }
}
