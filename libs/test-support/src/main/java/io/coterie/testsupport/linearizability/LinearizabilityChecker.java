package io.coterie.testsupport.linearizability;

import io.coterie.testsupport.linearizability.CheckResult.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether a recorded concurrent history could have come from a single copy of the object described
 * by a {@link Model}, which is what a replicated store promises its clients and what leader failover tends
 * to break. The search is Wing &amp; Gong's with Lowe's memoisation (as in Porcupine), run separately on each
 * partition the model splits the history into; see {@link Operation} for how unknown outcomes are handled.
 *
 * <p>The problem is NP-complete, so the search is bounded by a timeout and may answer
 * {@link Verdict#UNKNOWN}. Realistic histories (short overlaps, partitioned by key) take milliseconds; what
 * costs is many clients hammering one key, especially with many timeouts (seconds per few hundred operations
 * at 10 clients and 10% unknown outcomes).
 */
public final class LinearizabilityChecker {

    private LinearizabilityChecker() {}

    public static <S, I, O> CheckResult check(Model<S, I, O> model, List<Operation<I, O>> history, Duration timeout) {
        Objects.requireNonNull(model, "model");
        Deadline deadline = new Deadline(Objects.requireNonNull(timeout, "timeout"));
        long origin = history.stream().mapToLong(Operation::callNanos).min().orElse(0);
        List<Operation<I, O>> relevant = history.stream()
                .filter(op -> !(op.outcomeUnknown() && model.isReadOnly(op.input())))
                .toList();
        List<List<Operation<I, O>>> partitions = model.partition(relevant);
        int done = 0;
        for (List<Operation<I, O>> partition : partitions) {
            PartitionSearch.DeadEnd<S> deadEnd;
            try {
                deadEnd = new PartitionSearch<>(model, partition, deadline).search();
            } catch (Deadline.Expired expired) {
                return new CheckResult(Verdict.UNKNOWN, "timed out after " + timeout + " checking "
                        + model.describePartition(partition) + " (" + partition.size() + " operations); "
                        + done + " of " + partitions.size() + " partitions were linearizable before that");
            }
            if (deadEnd != null) {
                return new CheckResult(Verdict.NOT_LINEARIZABLE,
                        FailureReport.describe(model, partition, deadEnd, origin));
            }
            done++;
        }
        return new CheckResult(Verdict.LINEARIZABLE, history.size() + " operations in " + partitions.size()
                + " partitions are linearizable (" + (history.size() - relevant.size())
                + " reads with unknown outcome ignored)");
    }
}
