package io.coterie.testsupport.linearizability;

import io.coterie.testsupport.linearizability.EntryList.Node;
import io.coterie.testsupport.linearizability.UnknownRuns.Run;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wing &amp; Gong's depth-first search for a linearization of one partition, with Lowe's memoisation. It
 * repeatedly linearizes a candidate (an operation called before the earliest pending return), pushing it on
 * an explicit stack so that arbitrarily long histories cannot overflow the thread stack, and backtracks
 * when no candidate is legal or every legal one leads to an already visited configuration.
 *
 * <p>Operations with unknown outcome are never candidates on their own: they are only linearized as a
 * {@link UnknownRuns run} immediately before a known operation that needs them, and are otherwise left
 * pending forever, which is how "never took effect" is represented.
 */
final class PartitionSearch<S, I, O> {

    /** How many operations a dead end lists at most, to keep failure messages printable. */
    static final int SHOWN = 10;

    /** Run sets depend only on these, which change rarely between dead ends; worth remembering a few. */
    private record RunsKey<S>(S state, BitSet pending) {}

    private static final int REMEMBERED_RUN_SETS = 1024;

    /**
     * Where the search got furthest: after linearizing {@code prefixTail} (the last of {@code prefixLength}
     * operations) into {@code state}, none of {@code blocked} (the first of {@code blockedTotal}
     * candidates) could be linearized next, not even after some of the {@code pendingUnknownTotal}
     * operations with unknown outcome (the first of which are {@code pendingUnknown}) took effect.
     */
    record DeadEnd<S>(int linearizedKnown, int knownTotal, int prefixLength, int[] prefixTail, S state,
                      int[] blocked, int blockedTotal, int[] pendingUnknown, int pendingUnknownTotal) {}

    private final class Frame {
        final S state;
        Node cursor;
        List<Run<S>> runs;
        boolean runsExpanded;
        int runIndex;
        Run<S> takenRun;
        Node taken;

        Frame(S state) {
            this.state = state;
            this.cursor = list.first();
            this.runs = List.of(Run.none(state));
        }
    }

    private final Model<S, I, O> model;
    private final List<Operation<I, O>> ops;
    private final Deadline deadline;
    private final EntryList list;
    private final ConfigCache<S> cache = new ConfigCache<>();
    private final Map<RunsKey<S>, List<Run<S>>> runSets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RunsKey<S>, List<Run<S>>> eldest) {
            return size() > REMEMBERED_RUN_SETS;
        }
    };
    /** Each operation's number among the known, or among the unknown-outcome, operations in call order. */
    private final int[] bit;
    private final BitSet known = new BitSet();
    private final BitSet unknown = new BitSet();
    private final int knownTotal;
    private final int[] path;
    private int pathLength;
    private int linearizedKnown;
    private DeadEnd<S> deepest;

    PartitionSearch(Model<S, I, O> model, List<Operation<I, O>> ops, Deadline deadline) {
        this.model = model;
        this.ops = ops;
        this.deadline = deadline;
        this.list = new EntryList(ops);
        this.bit = new int[ops.size()];
        int knownCount = 0;
        int unknownCount = 0;
        for (Node node = list.first(); node.op >= 0; node = node.next) {
            if (node.call) {
                bit[node.op] = node.knownOutcome() ? knownCount++ : unknownCount++;
            }
        }
        this.knownTotal = knownCount;
        this.path = new int[ops.size()];
    }

    /** Null if the partition is linearizable, else the deepest dead end; throws {@link Deadline.Expired}. */
    DeadEnd<S> search() {
        Deque<Frame> stack = new ArrayDeque<>();
        S initial = model.initial();
        cache.visit(known, unknown, initial);
        Frame frame = new Frame(initial);
        while (linearizedKnown < knownTotal) {
            Model.Step<S> step = advance(frame);
            if (step != null) {
                stack.push(frame);
                frame = new Frame(step.next());
                continue;
            }
            noteDeadEnd(frame);
            if (stack.isEmpty()) {
                return deepest;
            }
            frame = stack.pop();
            undo(frame);
        }
        return null;
    }

    /** Linearizes the frame's next untried candidate, or returns null if there is none left. */
    private Model.Step<S> advance(Frame frame) {
        while (true) {
            Run<S> run = frame.runs.get(frame.runIndex);
            for (Node node = frame.cursor; node.call; node = node.next) {
                deadline.tick();
                if (!node.knownOutcome()) {
                    continue;
                }
                Operation<I, O> op = ops.get(node.op);
                Model.Step<S> step = model.step(run.state(), op.input(), op.output());
                if (step.legal() && visit(node.op, run.used(), step.next())) {
                    frame.cursor = node.next;
                    frame.takenRun = run;
                    frame.taken = node;
                    lift(run, node);
                    return step;
                }
            }
            if (!frame.runsExpanded) {
                frame.runs = runsFrom(frame.state);
                frame.runsExpanded = true;
            }
            if (++frame.runIndex >= frame.runs.size()) {
                return null;
            }
            frame.cursor = list.first();
        }
    }

    private List<Run<S>> runsFrom(S state) {
        int[] pending = pendingUnknown();
        if (pending.length == 0) {
            return List.of(Run.none(state));
        }
        BitSet pendingBits = new BitSet();
        for (int op : pending) {
            pendingBits.set(bit[op]);
        }
        RunsKey<S> key = new RunsKey<>(state, pendingBits);
        List<Run<S>> runs = runSets.get(key);
        if (runs == null) {
            runs = UnknownRuns.from(state, pending, bit, ops, model, deadline);
            runSets.put(key, runs);
        }
        return runs;
    }

    private boolean visit(int op, BitSet unknownUsed, S state) {
        known.set(bit[op]);
        unknown.or(unknownUsed);
        boolean fresh = cache.visit(known, unknown, state);
        if (!fresh) {
            known.clear(bit[op]);
            unknown.andNot(unknownUsed);
        }
        return fresh;
    }

    private void lift(Run<S> run, Node node) {
        for (int op : run.ops()) {
            list.lift(list.callOf(op));
            path[pathLength++] = op;
        }
        list.lift(node);
        path[pathLength++] = node.op;
        linearizedKnown++;
    }

    private void undo(Frame frame) {
        list.unlift(frame.taken);
        known.clear(bit[frame.taken.op]);
        int[] runOps = frame.takenRun.ops();
        for (int i = runOps.length - 1; i >= 0; i--) {
            list.unlift(list.callOf(runOps[i]));
        }
        unknown.andNot(frame.takenRun.used());
        pathLength -= runOps.length + 1;
        linearizedKnown--;
    }

    private int[] pendingUnknown() {
        int[] pending = new int[8];
        int count = 0;
        for (Node node = list.first(); node.call; node = node.next) {
            if (!node.knownOutcome()) {
                if (count == pending.length) {
                    pending = Arrays.copyOf(pending, 2 * count);
                }
                pending[count++] = node.op;
            }
        }
        return Arrays.copyOf(pending, count);
    }

    private void noteDeadEnd(Frame frame) {
        if (deepest != null && linearizedKnown <= deepest.linearizedKnown()) {
            return;
        }
        int[] blocked = new int[SHOWN];
        int blockedTotal = 0;
        for (Node node = list.first(); node.call; node = node.next) {
            if (node.knownOutcome()) {
                if (blockedTotal < SHOWN) {
                    blocked[blockedTotal] = node.op;
                }
                blockedTotal++;
            }
        }
        int[] prefixTail = Arrays.copyOfRange(path, Math.max(0, pathLength - SHOWN), pathLength);
        int[] pending = pendingUnknown();
        deepest = new DeadEnd<>(linearizedKnown, knownTotal, pathLength, prefixTail, frame.state,
                Arrays.copyOf(blocked, Math.min(blockedTotal, SHOWN)), blockedTotal,
                Arrays.copyOf(pending, Math.min(pending.length, SHOWN)), pending.length);
    }
}
