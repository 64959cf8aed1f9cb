package io.coterie.consensus.client;

import java.util.List;

/** Events of one poll; every matching event before {@code nextRevision} has been delivered. */
public record WatchBatch(List<WatchEvent> events, long nextRevision, long compactRevision) {
}
