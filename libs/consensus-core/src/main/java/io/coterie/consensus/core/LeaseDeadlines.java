package io.coterie.consensus.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each lease runs out by this peer's monotonic clock. Every peer keeps it up to date as it
 * applies grants and renewals, but only the leader acts on it: expiry is then proposed through the
 * log, so a follower's clock never deletes anything.
 */
final class LeaseDeadlines {

    private final Map<Long, Long> deadlines = new HashMap<>();
    private final Map<Long, Long> proposedAt = new HashMap<>();

    synchronized void renew(long id, long ttlMillis, long nowNanos) {
        deadlines.put(id, nowNanos + ttlMillis * 1_000_000L);
        proposedAt.remove(id);
    }

    synchronized void remove(long id) {
        deadlines.remove(id);
        proposedAt.remove(id);
    }

    synchronized void clear() {
        deadlines.clear();
        proposedAt.clear();
    }

    /**
     * A new leader cannot know when the old one last heard from each lease holder, and holders
     * could not renew while there was no leader; so every lease gets a full TTL from now.
     */
    synchronized void extendAll(Map<Long, Long> ttlMillisById, long nowNanos) {
        deadlines.keySet().retainAll(ttlMillisById.keySet());
        ttlMillisById.forEach((id, ttl) -> deadlines.merge(id, nowNanos + ttl * 1_000_000L, Math::max));
        proposedAt.clear();
    }

    /**
     * Leases past their deadline that were not proposed for expiry in the last {@code retryNanos}.
     * Marks them as proposed.
     */
    synchronized List<Long> dueForExpiry(long nowNanos, long retryNanos) {
        List<Long> due = new ArrayList<>();
        deadlines.forEach((id, deadline) -> {
            if (deadline - nowNanos <= 0) {
                Long last = proposedAt.get(id);
                if (last == null || nowNanos - last >= retryNanos) {
                    due.add(id);
                }
            }
        });
        due.forEach(id -> proposedAt.put(id, nowNanos));
        return due;
    }

    /** Milliseconds left by this peer's clock, or -1 when unknown. */
    synchronized long remainingMillis(long id, long nowNanos) {
        Long deadline = deadlines.get(id);
        return deadline == null ? -1 : Math.max(0, (deadline - nowNanos) / 1_000_000L);
    }
}
