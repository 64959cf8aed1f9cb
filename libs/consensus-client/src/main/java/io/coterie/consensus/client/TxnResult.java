package io.coterie.consensus.client;

import java.util.List;

/** Which branch ran and what each of its operations returned, in order. */
public record TxnResult(boolean succeeded, long revision, List<OpResult> results) {
}
