package io.coterie.testsupport.linearizability;

import java.util.List;

/**
 * The definition of linearizability, executed literally: try every order of operations that respects real
 * time, with each unknown-outcome operation either placed somewhere after its call or left out. Exponential,
 * so only for tiny histories, but independent of every trick the real checker uses.
 */
final class BruteForce {

    private BruteForce() {}

    static <S, I, O> boolean isLinearizable(Model<S, I, O> model, List<Operation<I, O>> history) {
        return extend(model, history, new boolean[history.size()], model.initial());
    }

    private static <S, I, O> boolean extend(Model<S, I, O> model, List<Operation<I, O>> ops, boolean[] done, S state) {
        boolean allKnownDone = true;
        for (int i = 0; i < ops.size(); i++) {
            allKnownDone &= done[i] || ops.get(i).outcomeUnknown();
        }
        if (allKnownDone) {
            return true;
        }
        for (int i = 0; i < ops.size(); i++) {
            if (done[i] || !mayGoNext(ops, done, i)) {
                continue;
            }
            Operation<I, O> op = ops.get(i);
            Model.Step<S> step = op.outcomeUnknown()
                    ? model.stepUnknownOutcome(state, op.input())
                    : model.step(state, op.input(), op.output());
            if (step.legal()) {
                done[i] = true;
                boolean found = extend(model, ops, done, step.next());
                done[i] = false;
                if (found) {
                    return true;
                }
            }
        }
        return false;
    }

    /** No other remaining operation returned before this one was called (touching intervals overlap). */
    private static <I, O> boolean mayGoNext(List<Operation<I, O>> ops, boolean[] done, int candidate) {
        for (int j = 0; j < ops.size(); j++) {
            if (!done[j] && j != candidate && ops.get(j).returnNanos() < ops.get(candidate).callNanos()) {
                return false;
            }
        }
        return true;
    }
}
