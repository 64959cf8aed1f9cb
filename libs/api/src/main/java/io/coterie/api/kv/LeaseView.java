package io.coterie.api.kv;

import java.util.List;

/** A lease. {@code remainingMillis} is the answering peer's estimate; {@code keys} only when asked for. */
public record LeaseView(long id, long ttlSeconds, Long remainingMillis, List<String> keys) {
}
