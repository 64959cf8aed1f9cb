package io.coterie.consensus.client;

import java.util.Optional;

/** The revision a put created, and the key as it was before when asked for. */
public record PutResult(long revision, Optional<KeyValue> previous) implements OpResult {
}
