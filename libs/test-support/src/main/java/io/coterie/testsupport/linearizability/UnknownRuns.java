package io.coterie.testsupport.linearizability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The states reachable from one search configuration by letting some pending operations with unknown
 * outcome take effect before the next known one. Built breadth first, keeping per state only minimal sets
 * of operations used (using fewer is never worse, see {@link ConfigCache}), so that n pending blind writes
 * yield n + 1 runs instead of 2^n orderings.
 *
 * <p>Pending operations with equal inputs are interchangeable (none has a return to respect), so only the
 * earliest unused one of each such group is ever tried; otherwise k pending deletes of one key would be k
 * different ways to reach the same state, none of them dominating the others.
 */
final class UnknownRuns {

    /**
     * Unknown-outcome operations {@code ops}, applied in that order, lead to {@code state}; {@code used} holds
     * their numbers among the unknown-outcome operations.
     */
    record Run<S>(S state, int[] ops, BitSet used) {

        private static final int[] NO_OPS = new int[0];
        private static final BitSet NONE = new BitSet();

        /** Lets nothing take effect; shares its (never mutated) arrays because every search step makes one. */
        static <S> Run<S> none(S state) {
            return new Run<>(state, NO_OPS, NONE);
        }
    }

    /** A run under construction; {@code used} indexes into the pending array, which is far smaller. */
    private record Partial<S>(S state, int[] positions, BitSet used) {}

    private UnknownRuns() {}

    /** All useful runs from {@code start}, the empty run first; {@code bit} numbers the pending operations. */
    static <S, I, O> List<Run<S>> from(S start, int[] pending, int[] bit, List<Operation<I, O>> ops,
                                       Model<S, I, O> model, Deadline deadline) {
        int[] previousEqual = previousEqualInput(pending, ops);
        List<Partial<S>> queue = new ArrayList<>();
        Map<S, List<BitSet>> minimalByState = new HashMap<>();
        queue.add(new Partial<>(start, new int[0], new BitSet()));
        minimalByState.computeIfAbsent(start, s -> new ArrayList<>()).add(new BitSet());
        for (int i = 0; i < queue.size(); i++) {
            Partial<S> run = queue.get(i);
            for (int position = 0; position < pending.length; position++) {
                int equalBefore = previousEqual[position];
                boolean earliestUnusedOfItsKind = equalBefore < 0 || run.used().get(equalBefore);
                if (run.used().get(position) || !earliestUnusedOfItsKind) {
                    continue;
                }
                deadline.tick();
                Model.Step<S> step = model.stepUnknownOutcome(run.state(), ops.get(pending[position]).input());
                if (step.legal() && isMinimal(minimalByState, step.next(), run.used(), position)) {
                    BitSet used = (BitSet) run.used().clone();
                    used.set(position);
                    minimalByState.get(step.next()).add(used);
                    int[] positions = Arrays.copyOf(run.positions(), run.positions().length + 1);
                    positions[run.positions().length] = position;
                    queue.add(new Partial<>(step.next(), positions, used));
                }
            }
        }
        List<Run<S>> runs = new ArrayList<>(queue.size());
        runs.add(Run.none(start));
        for (Partial<S> run : queue.subList(1, queue.size())) {
            int[] opIndices = new int[run.positions().length];
            BitSet used = new BitSet();
            for (int j = 0; j < opIndices.length; j++) {
                opIndices[j] = pending[run.positions()[j]];
                used.set(bit[opIndices[j]]);
            }
            runs.add(new Run<>(run.state(), opIndices, used));
        }
        return runs;
    }

    /** For each pending position, the closest earlier position with an equal input, or -1. */
    private static <I, O> int[] previousEqualInput(int[] pending, List<Operation<I, O>> ops) {
        int[] previous = new int[pending.length];
        Map<I, Integer> lastSeen = new HashMap<>();
        for (int position = 0; position < pending.length; position++) {
            Integer before = lastSeen.put(ops.get(pending[position]).input(), position);
            previous[position] = before == null ? -1 : before;
        }
        return previous;
    }

    /** Whether no run already found reaches {@code state} using a subset of {@code used} plus {@code added}. */
    private static <S> boolean isMinimal(Map<S, List<BitSet>> minimalByState, S state, BitSet used, int added) {
        List<BitSet> minimal = minimalByState.computeIfAbsent(state, s -> new ArrayList<>());
        for (BitSet seen : minimal) {
            if (isSubsetOfUnion(seen, used, added)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSubsetOfUnion(BitSet small, BitSet large, int extra) {
        for (int i = small.nextSetBit(0); i >= 0; i = small.nextSetBit(i + 1)) {
            if (i != extra && !large.get(i)) {
                return false;
            }
        }
        return true;
    }
}
