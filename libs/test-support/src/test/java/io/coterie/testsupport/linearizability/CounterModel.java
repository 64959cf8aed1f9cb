package io.coterie.testsupport.linearizability;

/**
 * A second, deliberately different model for the generic checker: unpartitioned, and with operations whose
 * effects accumulate (unlike register writes), so that which unknown-outcome operations took effect, not
 * just the last one, decides the state.
 */
final class CounterModel implements Model<Long, CounterModel.Input, Long> {

    sealed interface Input {}

    record Add(long amount) implements Input {}

    record Get() implements Input {}

    @Override
    public Long initial() {
        return 0L;
    }

    @Override
    public Step<Long> step(Long state, Input input, Long output) {
        if (input instanceof Get) {
            return Step.legalIf(state.equals(output), state);
        }
        return stepUnknownOutcome(state, input);
    }

    @Override
    public Step<Long> stepUnknownOutcome(Long state, Input input) {
        return Step.to(input instanceof Add add ? state + add.amount() : state);
    }

    @Override
    public boolean isReadOnly(Input input) {
        return input instanceof Get;
    }
}
