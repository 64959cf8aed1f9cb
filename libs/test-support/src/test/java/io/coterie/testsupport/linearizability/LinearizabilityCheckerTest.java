package io.coterie.testsupport.linearizability;

import static io.coterie.testsupport.linearizability.KvInput.cas;
import static io.coterie.testsupport.linearizability.KvInput.delete;
import static io.coterie.testsupport.linearizability.KvInput.read;
import static io.coterie.testsupport.linearizability.KvInput.write;
import static io.coterie.testsupport.linearizability.Ops.check;
import static io.coterie.testsupport.linearizability.Ops.op;
import static io.coterie.testsupport.linearizability.Ops.unknownOp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coterie.testsupport.linearizability.CheckResult.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {

    @Nested
    class Rejects {

        @Test
        void staleReadAfterCompletedWrite() {
            CheckResult result = check(
                    op(1, write("x", "0"), null, 0, 10),
                    op(1, write("x", "1"), null, 20, 30),
                    op(2, read("x"), "0", 40, 50));

            assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            assertThat(result.explanation())
                    .contains("key \"x\"")
                    .contains("client 1: write(x, 1)")
                    .contains("State after it: {x=1}")
                    .contains("client 2: read(x) -> 0");
        }

        @Test
        void readOfAbsentKeyAfterCompletedWrite() {
            assertThat(check(op(1, write("x", "1"), null, 0, 10), op(2, read("x"), null, 11, 12)).verdict())
                    .isEqualTo(Verdict.NOT_LINEARIZABLE);
        }

        @Test
        void lostAcknowledgedWrite() {
            CheckResult result = check(
                    op(1, write("x", "1"), null, 0, 10),
                    op(2, write("x", "2"), null, 20, 30),
                    op(3, read("x"), "1", 40, 50),
                    op(1, read("x"), "1", 60, 70),
                    op(2, read("x"), "1", 80, 90));

            assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            assertThat(result.explanation()).contains("2 of 5 operations with known outcome");
        }

        @Test
        void twoCasWithSameExpectedValueBothSucceeding() {
            CheckResult result = check(
                    op(1, write("x", "0"), null, 0, 10),
                    op(2, cas("x", "0", "a"), true, 20, 40),
                    op(3, cas("x", "0", "b"), true, 25, 45));

            assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            assertThat(result.explanation()).contains("cas(x, 0 -> a) -> true", "cas(x, 0 -> b) -> true");
        }

        @Test
        void readOfValueNeverWritten() {
            CheckResult result = check(
                    op(1, write("x", "1"), null, 0, 10),
                    op(2, read("x"), "42", 5, 15));

            assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            assertThat(result.explanation()).contains("read(x) -> 42");
        }

        @Test
        void unknownWriteObservedBeforeItWasCalled() {
            assertThat(check(
                    op(1, read("x"), "1", 0, 10),
                    unknownOp(2, write("x", "1"), 11)).verdict())
                    .isEqualTo(Verdict.NOT_LINEARIZABLE);
        }

        @Test
        void successfulCasWhoseExpectedValueWasNeverCurrent() {
            assertThat(check(
                    op(1, write("x", "1"), null, 0, 10),
                    op(2, cas("x", null, "2"), true, 20, 30)).verdict())
                    .isEqualTo(Verdict.NOT_LINEARIZABLE);
        }

        @Test
        void failedCasWhoseExpectedValueWasCertainlyCurrent() {
            assertThat(check(
                    op(1, write("x", "1"), null, 0, 10),
                    op(2, cas("x", "1", "2"), false, 20, 30)).verdict())
                    .isEqualTo(Verdict.NOT_LINEARIZABLE);
        }

        @Test
        void readOfDeletedValue() {
            assertThat(check(
                    op(1, write("x", "1"), null, 0, 10),
                    op(1, delete("x"), null, 20, 30),
                    op(2, read("x"), "1", 40, 50)).verdict())
                    .isEqualTo(Verdict.NOT_LINEARIZABLE);
        }

        @Test
        void unknownWriteObservedAndThenUnobservedWithoutAnyOtherWrite() {
            assertThat(check(
                    op(1, write("x", "0"), null, 0, 10),
                    unknownOp(2, write("x", "1"), 20),
                    op(3, read("x"), "1", 30, 40),
                    op(3, read("x"), "0", 50, 60)).verdict())
                    .isEqualTo(Verdict.NOT_LINEARIZABLE);
        }

        @Test
        void namesTheFailingKeyAmongHealthyOnes() {
            CheckResult result = check(
                    op(1, write("a", "1"), null, 0, 10),
                    op(1, read("a"), "1", 20, 30),
                    op(2, write("b", "1"), null, 0, 10),
                    op(2, read("b"), null, 20, 30),
                    op(3, write("c", "1"), null, 0, 10));

            assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            assertThat(result.explanation()).startsWith("key \"b\" is not linearizable").doesNotContain("key \"a\"");
        }
    }

    @Nested
    class Accepts {

        @Test
        void emptyHistory() {
            assertThat(check(List.of()).verdict()).isEqualTo(Verdict.LINEARIZABLE);
        }

        @Test
        void readOverlappingWriteSeesOldValue() {
            assertThat(check(
                    op(1, write("x", "0"), null, 0, 10),
                    op(1, write("x", "1"), null, 20, 40),
                    op(2, read("x"), "0", 25, 35)).verdict())
                    .isEqualTo(Verdict.LINEARIZABLE);
        }

        @Test
        void readOverlappingWriteSeesNewValue() {
            assertThat(check(
                    op(1, write("x", "0"), null, 0, 10),
                    op(1, write("x", "1"), null, 20, 40),
                    op(2, read("x"), "1", 25, 35)).verdict())
                    .isEqualTo(Verdict.LINEARIZABLE);
        }

        @Test
        void readsOrderConcurrentWritesAgainstTheirCallOrder() {
            assertThat(check(
                    op(1, write("x", "1"), null, 0, 50),
                    op(2, write("x", "2"), null, 10, 60),
                    op(3, read("x"), "2", 20, 30),
                    op(3, read("x"), "1", 70, 80)).verdict())
                    .isEqualTo(Verdict.LINEARIZABLE);
        }

        @Test
        void concurrentCasWithExactlyOneWinner() {
            assertThat(check(
                    op(1, write("x", "0"), null, 0, 10),
                    op(2, cas("x", "0", "a"), false, 20, 40),
                    op(3, cas("x", "0", "b"), true, 25, 45),
                    op(1, read("x"), "b", 50, 60)).verdict())
                    .isEqualTo(Verdict.LINEARIZABLE);
        }

        @Test
        void casOnAbsentKey() {
            assertThat(check(
                    op(1, cas("x", null, "a"), true, 0, 10),
                    op(2, cas("x", null, "b"), false, 20, 30),
                    op(2, cas("x", "a", null), true, 40, 50),
                    op(1, read("x"), null, 60, 70)).verdict())
                    .isEqualTo(Verdict.LINEARIZABLE);
        }

        @Test
        void unknownWriteObservedLater() {
            assertThat(check(
                    op(1, write("x", "0"), null, 0, 10),
                    unknownOp(2, write("x", "1"), 20),
                    op(3, read("x"), "0", 30, 40),
                    op(3, read("x"), "1", 1_000, 1_010),
                    op(1, read("x"), "1", 2_000, 2_010)).verdict())
                    .isEqualTo(Verdict.LINEARIZABLE);
        }

        @Test
        void unknownWriteNeverObserved() {
            assertThat(check(
                    op(1, write("x", "0"), null, 0, 10),
                    unknownOp(2, write("x", "1"), 20),
                    op(3, read("x"), "0", 30, 40),
                    op(3, read("x"), "0", 1_000, 1_010),
                    op(1, read("x"), "0", 2_000, 2_010)).verdict())
                    .isEqualTo(Verdict.LINEARIZABLE);
        }

        @Test
        void unknownCasThatSucceeded() {
            assertThat(check(
                    op(1, write("x", "0"), null, 0, 10),
                    unknownOp(2, cas("x", "0", "1"), 20),
                    op(3, read("x"), "1", 100, 110)).verdict())
                    .isEqualTo(Verdict.LINEARIZABLE);
        }

        @Test
        void unknownCasThatFailed() {
            assertThat(check(
                    op(1, write("x", "0"), null, 0, 10),
                    unknownOp(2, cas("x", "0", "1"), 20),
                    op(3, read("x"), "0", 100, 110)).verdict())
                    .isEqualTo(Verdict.LINEARIZABLE);
        }

        @Test
        void chainOfUnknownOperationsExplainsARead() {
            assertThat(check(
                    op(1, write("x", "0"), null, 0, 10),
                    unknownOp(2, write("x", "1"), 20),
                    unknownOp(3, cas("x", "1", "2"), 30),
                    unknownOp(4, write("x", "9"), 35),
                    op(1, read("x"), "2", 100, 110)).verdict())
                    .isEqualTo(Verdict.LINEARIZABLE);
        }

        @Test
        void unknownWriteJustifiesFailedCas() {
            assertThat(check(
                    op(1, write("x", "0"), null, 0, 10),
                    unknownOp(2, write("x", "1"), 20),
                    op(3, cas("x", "0", "2"), false, 100, 110),
                    op(3, read("x"), "1", 120, 130)).verdict())
                    .isEqualTo(Verdict.LINEARIZABLE);
        }

        @Test
        void whichUnknownOperationExplainsAReadMatters() {
            // Both pending operations could explain the first read of v, but only the write can explain the
            // second one, so the first must be the cas. The search meets (same known ops, same state) with
            // either one used, and must not treat the second encounter as already explored.
            assertThat(check(
                    op(1, write("x", "e"), null, 0, 1),
                    unknownOp(2, write("x", "v"), 2),
                    unknownOp(3, cas("x", "e", "v"), 2),
                    op(1, read("x"), "v", 10, 11),
                    op(1, write("x", "f"), null, 20, 21),
                    op(1, read("x"), "v", 30, 31)).verdict())
                    .isEqualTo(Verdict.LINEARIZABLE);
        }

        @Test
        void unknownReadsAreIgnoredWhateverTheyWouldHaveSeen() {
            assertThat(check(
                    op(1, write("x", "0"), null, 0, 10),
                    unknownOp(2, read("x"), 20),
                    op(1, read("x"), "0", 30, 40)).explanation())
                    .contains("1 reads with unknown outcome ignored");
        }

        @Test
        void intervalsThatMerelyTouchCountAsConcurrent() {
            assertThat(check(
                    op(1, write("x", "1"), null, 0, 10),
                    op(2, read("x"), null, 10, 20)).verdict())
                    .isEqualTo(Verdict.LINEARIZABLE);
        }

        @Test
        void manyPendingUnknownWritesDoNotMakeBacktrackingExponential() {
            List<Operation<KvInput, Object>> history = new ArrayList<>();
            history.add(op(0, write("x", "start"), null, 0, 10));
            for (int i = 0; i < 60; i++) {
                history.add(unknownOp(1 + i % 7, write("x", "lost-" + i), 20 + i));
            }
            for (int i = 0; i < 300; i++) {
                // The search first orders a before b, finds the read contradicts that, and has to backtrack
                // past every combination of the 60 pending writes before trying b before a.
                long t = 1_000 + 100L * i;
                history.add(op(8, write("x", "a" + i), null, t, t + 20));
                history.add(op(9, write("x", "b" + i), null, t + 1, t + 21));
                history.add(op(10, read("x"), "a" + i, t + 25, t + 30));
            }
            history.add(op(0, read("x"), "lost-59", 100_000, 100_010));

            CheckResult result = LinearizabilityChecker.check(Ops.KV, history, Duration.ofSeconds(20));

            assertThat(result.verdict()).as(result.toString()).isEqualTo(Verdict.LINEARIZABLE);
        }
    }

    @Nested
    class Reporting {

        @Test
        void timesOutWithUnknownVerdictOnHopelessSearch() {
            List<Operation<KvInput, Object>> history = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                history.add(op(i, write("x", "v" + i), null, i, 1_000 + i));
            }
            history.add(op(99, read("x"), "never-written", 500, 2_000));

            CheckResult result = LinearizabilityChecker.check(Ops.KV, history, Duration.ofMillis(200));

            assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
            assertThat(result.explanation()).contains("timed out", "key \"x\"");
        }

        @Test
        void explanationOfLongFailingHistoryStaysShort() {
            List<Operation<KvInput, Object>> history = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                history.add(op(i % 8, write("x", "v" + i), null, 10L * i, 10L * i + 30));
            }
            history.add(op(8, read("x"), "v3", 20_000, 20_010));

            CheckResult result = check(history);

            assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            assertThat(result.explanation().lines().count()).isLessThanOrEqualTo(30);
            assertThat(result.explanation()).contains("1000 of 1001 operations", "client 8: read(x) -> v3");
        }

        @Test
        void explanationMentionsPendingUnknownOperations() {
            CheckResult result = check(
                    op(1, write("x", "0"), null, 0, 10),
                    unknownOp(2, write("x", "1"), 20),
                    op(3, read("x"), "2", 30, 40));

            assertThat(result.explanation()).contains(
                    "not even after some of these 1 pending operations with unknown outcome",
                    "client 2: write(x, 1) -> ?  [0.000020 ms, never returned]");
        }

        @Test
        void rejectsInvertedInterval() {
            assertThatThrownBy(() -> op(1, read("x"), null, 10, 5)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void rejectsOutputOnUnknownOutcome() {
            assertThatThrownBy(() -> new Operation<>(1, read("x"), "1", 0, Operation.UNKNOWN_RETURN))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
