package io.coterie.testsupport.linearizability;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowe's memo of search configurations already visited, so that reaching the same (linearized set, state)
 * along a different path is not explored again.
 *
 * <p>Known operations must be numbered in call order. The linearized ones are then almost always "all up
 * to some point, plus a few beyond", which is stored as that point and a small window, rather than as a
 * bitset over the whole history per configuration (quadratic memory on long histories).
 *
 * <p>Extended for operations with unknown outcome: having linearized fewer of them is never worse, because
 * they are optional and impose no real-time constraint. So a configuration is also skipped if one with the
 * same known operations and state but a subset of its unknown ones was visited. Without this, pending
 * unknown writes make the search exponential in their number.
 */
final class ConfigCache<S> {

    private record Key<S>(int prefix, BitSet window, S state) {}

    private static final BitSet NONE = new BitSet();

    private final Map<Key<S>, List<BitSet>> visited = new HashMap<>();

    /** Records a configuration; false if it, or one at least as permissive, was visited before. */
    boolean visit(BitSet known, BitSet unknown, S state) {
        int prefix = known.nextClearBit(0);
        Key<S> key = new Key<>(prefix, known.get(prefix, Math.max(prefix, known.length())), state);
        List<BitSet> unknownSets = visited.get(key);
        if (unknownSets == null) {
            unknownSets = new ArrayList<>(1);
            visited.put(key, unknownSets);
        } else {
            for (BitSet seen : unknownSets) {
                if (isSubset(seen, unknown)) {
                    return false;
                }
            }
        }
        unknownSets.add(unknown.isEmpty() ? NONE : (BitSet) unknown.clone());
        return true;
    }

    static boolean isSubset(BitSet small, BitSet large) {
        for (int i = small.nextSetBit(0); i >= 0; i = small.nextSetBit(i + 1)) {
            if (!large.get(i)) {
                return false;
            }
        }
        return true;
    }
}
