package io.coterie.testsupport.linearizability;

import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.testsupport.linearizability.CheckResult.Verdict;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Histories of the size the failover integration tests record. Elapsed times are printed (see the surefire
 * output file) rather than asserted, so that a slow CI machine cannot make these flaky; the generous checker
 * timeout turns a real performance regression into an UNKNOWN verdict and thus a failure.
 */
class PerformanceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int MILLI = 1_000_000;

    @Test
    void twentyThousandOperationsOverTwentyKeysFromEightClients() {
        var settings = new SimulatedRegisters.Settings(8, 20, 20_000, MILLI, 5 * MILLI, 0.0);
        assertLinearizable("20k ops, 20 keys, 8 clients", SimulatedRegisters.generate(settings, 20_000));
    }

    @Test
    void twentyThousandOperationsWithTimeoutsFromLeaderFailovers() {
        var settings = new SimulatedRegisters.Settings(8, 20, 20_000, MILLI, 5 * MILLI, 0.02);
        assertLinearizable("20k ops, 20 keys, 2% unknown outcome", SimulatedRegisters.generate(settings, 2));
    }

    @Test
    void twentyThousandOperationsOnOneHotKey() {
        var settings = new SimulatedRegisters.Settings(8, 1, 20_000, MILLI, 5 * MILLI, 0.005);
        assertLinearizable("20k ops, 1 key, 0.5% unknown outcome", SimulatedRegisters.generate(settings, 1));
    }

    private static void assertLinearizable(String name, List<Operation<KvInput, Object>> history) {
        assertThat(maxConcurrency(history)).as("the generated history has real concurrency").isGreaterThanOrEqualTo(6);

        long start = System.nanoTime();
        CheckResult result = LinearizabilityChecker.check(Ops.KV, history, TIMEOUT);
        long elapsedMillis = (System.nanoTime() - start) / MILLI;

        System.out.printf("%s: %s in %d ms%n", name, result.verdict(), elapsedMillis);
        assertThat(result.verdict()).as(result::toString).isEqualTo(Verdict.LINEARIZABLE);
    }

    private static int maxConcurrency(List<Operation<KvInput, Object>> history) {
        List<Operation<KvInput, Object>> known = history.stream()
                .filter(op -> !op.outcomeUnknown())
                .sorted(Comparator.comparingLong(Operation::callNanos))
                .toList();
        int max = 0;
        for (int i = 0; i < known.size(); i++) {
            int overlapping = 1;
            for (int j = i + 1; j < known.size() && known.get(j).callNanos() < known.get(i).returnNanos(); j++) {
                overlapping++;
            }
            max = Math.max(max, overlapping);
        }
        return max;
    }
}
