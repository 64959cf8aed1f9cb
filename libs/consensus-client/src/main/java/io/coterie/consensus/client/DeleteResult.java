package io.coterie.consensus.client;

import java.util.List;

/** How many keys a delete removed; {@code revision} is the store revision after it. */
public record DeleteResult(long revision, long deleted, List<KeyValue> previous) implements OpResult {
}
