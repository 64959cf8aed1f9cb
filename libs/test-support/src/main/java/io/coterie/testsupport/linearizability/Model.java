package io.coterie.testsupport.linearizability;

import java.util.List;

/**
 * The sequential specification a concurrent history is checked against. Keeping it separate from the
 * search lets every store under test reuse one checker; only this small, obviously-correct description of
 * "what a single copy would do" has to be written per data type.
 *
 * <p>States are used as cache keys during the search, so they must be immutable and have value-based
 * {@code equals}/{@code hashCode}. Inputs are compared with {@code equals} too: two operations with equal
 * inputs must mean the same thing (records do this naturally).
 *
 * @param <S> state of the sequential object
 * @param <I> operation input
 * @param <O> operation output
 */
public interface Model<S, I, O> {

    S initial();

    /** Whether an operation that returned {@code output} could have run against {@code state}, and what it left. */
    Step<S> step(S state, I input, O output);

    /**
     * The effect of an operation with unknown outcome, had it taken effect against {@code state}; any output
     * is acceptable. Never having taken effect at all is covered by the checker, so this only describes the
     * case that it did.
     */
    Step<S> stepUnknownOutcome(S state, I input);

    /** Whether an operation never changes the state; those with unknown outcome are then simply dropped. */
    default boolean isReadOnly(I input) {
        return false;
    }

    /**
     * Splits a history into independently checkable sub-histories (P-compositionality), which turns one
     * exponential search into many small ones. Only valid if operations in different parts never interact.
     */
    default List<List<Operation<I, O>>> partition(List<Operation<I, O>> history) {
        return List.of(history);
    }

    /** Names a partition in failure messages, e.g. by its key. */
    default String describePartition(List<Operation<I, O>> partition) {
        return "the whole history";
    }

    /** One operation in failure messages, without client or times (the checker adds those). */
    default String describe(Operation<I, O> operation) {
        return operation.input() + " -> " + (operation.outcomeUnknown() ? "?" : operation.output());
    }

    default String describeState(S state) {
        return String.valueOf(state);
    }

    /**
     * The result of applying one operation: illegal if the observed output is impossible in that state.
     * A record rather than {@code Optional} so that {@code null} can be a legitimate state.
     */
    record Step<S>(boolean legal, S next) {

        private static final Step<?> ILLEGAL = new Step<>(false, null);

        public static <S> Step<S> to(S next) {
            return new Step<>(true, next);
        }

        @SuppressWarnings("unchecked")
        public static <S> Step<S> illegal() {
            return (Step<S>) ILLEGAL;
        }

        public static <S> Step<S> legalIf(boolean legal, S next) {
            return legal ? to(next) : illegal();
        }
    }
}
