package io.coterie.testsupport.linearizability;

import static io.coterie.testsupport.linearizability.Ops.KV;
import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.testsupport.linearizability.CheckResult.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class RandomHistoryPropertiesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String[] VALUES = {null, "a", "b"};

    @Property(tries = 300)
    void historiesOfARealRegisterAreAccepted(
            @ForAll("smallSettings") SimulatedRegisters.Settings settings, @ForAll long seed) {
        List<Operation<KvInput, Object>> history = SimulatedRegisters.generate(settings, seed);

        CheckResult result = LinearizabilityChecker.check(KV, history, TIMEOUT);

        assertThat(result.verdict()).as(result::toString).isEqualTo(Verdict.LINEARIZABLE);
    }

    /** Where unknown outcomes pile up and the search backtracks most: what the failover tests produce. */
    @Property(tries = 100)
    void historiesOfAHotKeyWithManyTimeoutsAreAccepted(
            @ForAll("hotKeySettings") SimulatedRegisters.Settings settings, @ForAll long seed) {
        List<Operation<KvInput, Object>> history = SimulatedRegisters.generate(settings, seed);

        CheckResult result = LinearizabilityChecker.check(KV, history, TIMEOUT);

        assertThat(result.verdict()).as(result::toString).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Property(tries = 300)
    void aReadOfAnImpossibleValueIsRejected(
            @ForAll("smallSettings") SimulatedRegisters.Settings settings, @ForAll long seed) {
        List<Operation<KvInput, Object>> history = SimulatedRegisters.generate(settings, seed);
        var mutated = Mutations.impossibleRead(history, new Random(seed));
        Assume.that(mutated.isPresent());

        CheckResult result = LinearizabilityChecker.check(KV, mutated.get(), TIMEOUT);

        assertThat(result.verdict()).as(result::toString).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Property(tries = 1500)
    void agreesWithBruteForceOnTinyKeyValueHistories(
            @ForAll("tinyKvHistories") List<Operation<KvInput, Object>> history) {
        boolean expected = BruteForce.isLinearizable(KV, history);

        Verdict verdict = LinearizabilityChecker.check(KV, history, TIMEOUT).verdict();

        assertThat(verdict).isEqualTo(expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE);
        Statistics.label("linearizable").collect(expected);
        Statistics.label("linearizable").coverage(coverage -> {
            coverage.check(true).percentage(p -> p > 15);
            coverage.check(false).percentage(p -> p > 15);
        });
    }

    @Property(tries = 1000)
    void agreesWithBruteForceOnTinyCounterHistories(
            @ForAll("tinyCounterHistories") List<Operation<CounterModel.Input, Long>> history) {
        CounterModel model = new CounterModel();
        boolean expected = BruteForce.isLinearizable(model, history);

        Verdict verdict = LinearizabilityChecker.check(model, history, TIMEOUT).verdict();

        assertThat(verdict).isEqualTo(expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE);
        Statistics.label("linearizable").collect(expected);
        Statistics.label("linearizable").coverage(coverage -> {
            coverage.check(true).percentage(p -> p > 15);
            coverage.check(false).percentage(p -> p > 15);
        });
    }

    @Provide
    Arbitrary<SimulatedRegisters.Settings> smallSettings() {
        return Combinators.combine(
                        Arbitraries.integers().between(1, 6),
                        Arbitraries.integers().between(1, 3),
                        Arbitraries.integers().between(1, 120),
                        Arbitraries.integers().between(0, 30),
                        Arbitraries.integers().between(1, 100),
                        Arbitraries.of(0.0, 0.05, 0.2))
                .as(SimulatedRegisters.Settings::new);
    }

    @Provide
    Arbitrary<SimulatedRegisters.Settings> hotKeySettings() {
        return Combinators.combine(
                        Arbitraries.integers().between(3, 8),
                        Arbitraries.integers().between(50, 300),
                        Arbitraries.integers().between(0, 10),
                        Arbitraries.integers().between(20, 100),
                        Arbitraries.of(0.1, 0.2, 0.3))
                .as((clients, operations, gap, duration, unknown) ->
                        new SimulatedRegisters.Settings(clients, 1, operations, gap, duration, unknown));
    }

    /** Arbitrary (mostly wrong) outputs on overlapping intervals, so that both verdicts are common. */
    @Provide
    Arbitrary<List<Operation<KvInput, Object>>> tinyKvHistories() {
        Arbitrary<Operation<KvInput, Object>> operation = Combinators.combine(
                        Arbitraries.of("x", "y"),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 20),
                        Arbitraries.integers().between(0, 10),
                        Arbitraries.integers().between(0, 4))
                .as((key, kind, v1, v2, out, call, duration, unknownIf0) -> {
                    KvInput input = switch (kind) {
                        case 0 -> KvInput.read(key);
                        case 1 -> KvInput.write(key, v1 == 0 ? "c" : VALUES[v1]);
                        case 2 -> KvInput.cas(key, VALUES[v1], VALUES[v2]);
                        default -> KvInput.delete(key);
                    };
                    Object output = switch (kind) {
                        case 0 -> VALUES[out];
                        case 2 -> out == 0;
                        default -> null;
                    };
                    return unknownIf0 == 0
                            ? Operation.<KvInput, Object>unknown(0, input, call)
                            : Operation.completed(0, input, output, call, (long) call + duration);
                });
        return operation.list().ofMinSize(1).ofMaxSize(7);
    }

    @Provide
    Arbitrary<List<Operation<CounterModel.Input, Long>>> tinyCounterHistories() {
        Arbitrary<Operation<CounterModel.Input, Long>> operation = Combinators.combine(
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.longs().between(1, 3),
                        Arbitraries.longs().between(0, 6),
                        Arbitraries.integers().between(0, 20),
                        Arbitraries.integers().between(0, 10),
                        Arbitraries.integers().between(0, 3))
                .as((kind, amount, observed, call, duration, unknownIf0) -> {
                    CounterModel.Input input = kind == 0 ? new CounterModel.Get() : new CounterModel.Add(amount);
                    Long output = kind == 0 ? observed : null;
                    return unknownIf0 == 0
                            ? Operation.<CounterModel.Input, Long>unknown(0, input, call)
                            : Operation.completed(0, input, output, call, (long) call + duration);
                });
        return operation.list().ofMinSize(1).ofMaxSize(7);
    }
}
