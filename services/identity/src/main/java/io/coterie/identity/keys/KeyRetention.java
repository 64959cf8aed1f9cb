package io.coterie.identity.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which published keys may go, and when a rotation is due. No clocks or store here: the rules alone.
 *
 * <p>A retired key stays published until every token it can have signed has expired: the longest
 * token lifetime after it stopped signing, plus a margin for instances that learned of the switch
 * late (a watch that lagged, a clock that is a little behind). A key that was published but never
 * became active (its rotation lost a race or its instance died mid-rotation) signed nothing and
 * goes once it is clearly not just in the middle of a rotation.
 *
 * @param maxTokenTtl  the longest lifetime a token can have
 * @param margin       extra time a retired key stays
 * @param orphanGrace  how old a never-activated key must be before it goes
 */
record KeyRetention(Duration maxTokenTtl, Duration margin, Duration orphanGrace) {

    static final Duration DEFAULT_MARGIN = Duration.ofHours(1);
    static final Duration DEFAULT_ORPHAN_GRACE = Duration.ofHours(1);

    /** A published key: its kid and when it was made (null if unknown). */
    record Published(String kid, Instant issuedAt) {
    }

    /** The kids to take out of the published set now. The active key never goes. */
    Set<String> droppable(String activeKid, List<Published> published, Map<String, Instant> retired, Instant now) {
        Set<String> drop = new LinkedHashSet<>();
        for (Published key : published) {
            if (key.kid().equals(activeKid)) {
                continue;
            }
            Instant retiredAt = retired.get(key.kid());
            if (retiredAt != null) {
                if (!now.isBefore(retiredAt.plus(maxTokenTtl).plus(margin))) {
                    drop.add(key.kid());
                }
            } else if (key.issuedAt() != null && !now.isBefore(key.issuedAt().plus(orphanGrace))) {
                drop.add(key.kid());
            }
        }
        return drop;
    }

    /** Retirement records whose key is no longer published (a drop that removed the key but not, somehow, the record). */
    Set<String> staleRecords(List<Published> published, Map<String, Instant> retired) {
        Set<String> stale = new LinkedHashSet<>(retired.keySet());
        published.forEach(key -> stale.remove(key.kid()));
        return stale;
    }

    /** True when the active key, made at {@code activeIssuedAt}, has signed for {@code every} or longer. */
    static boolean rotationDue(Instant activeIssuedAt, Duration every, Instant now) {
        return every != null && !every.isNegative() && !every.isZero() && activeIssuedAt != null && !now.isBefore(activeIssuedAt.plus(every));
    }
}
