package io.coterie.consensus.client;

import java.time.Duration;
import java.util.List;

/**
 * A lease: keys attached to it vanish when it is revoked or when its holder stops renewing it for
 * longer than its TTL. {@code remaining} is the answering peer's estimate, or null when unknown.
 */
public record Lease(long id, Duration ttl, Duration remaining, List<String> keys) {
}
