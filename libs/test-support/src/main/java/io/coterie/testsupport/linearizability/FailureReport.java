package io.coterie.testsupport.linearizability;

import java.util.List;
import java.util.Locale;

/** Turns a {@link PartitionSearch.DeadEnd} into a few lines a person can act on from a test log. */
final class FailureReport {

    private FailureReport() {}

    static <S, I, O> String describe(
            Model<S, I, O> model, List<Operation<I, O>> partition, PartitionSearch.DeadEnd<S> deadEnd, long origin) {
        long unknownCount = partition.stream().filter(Operation::outcomeUnknown).count();
        StringBuilder out = new StringBuilder();
        out.append(model.describePartition(partition)).append(" is not linearizable (")
                .append(partition.size()).append(" operations, ").append(unknownCount)
                .append(" with unknown outcome; times are relative to the first call).\n");
        out.append("Longest linearizable prefix found covers ").append(deadEnd.linearizedKnown()).append(" of ")
                .append(deadEnd.knownTotal()).append(" operations with known outcome");
        if (deadEnd.prefixLength() == 0) {
            out.append(".\n");
        } else {
            out.append("; its last ").append(deadEnd.prefixTail().length).append(" of ")
                    .append(deadEnd.prefixLength()).append(" steps:\n");
            appendOperations(out, model, partition, deadEnd.prefixTail(), origin);
        }
        out.append("State after it: ").append(model.describeState(deadEnd.state())).append('\n');
        out.append("None of these ").append(deadEnd.blockedTotal())
                .append(" operations can be linearized next").append(shown(deadEnd.blocked(), deadEnd.blockedTotal()));
        appendOperations(out, model, partition, deadEnd.blocked(), origin);
        if (deadEnd.pendingUnknownTotal() > 0) {
            out.append("not even after some of these ").append(deadEnd.pendingUnknownTotal())
                    .append(" pending operations with unknown outcome took effect")
                    .append(shown(deadEnd.pendingUnknown(), deadEnd.pendingUnknownTotal()));
            appendOperations(out, model, partition, deadEnd.pendingUnknown(), origin);
        }
        return out.toString().stripTrailing();
    }

    private static String shown(int[] listed, int total) {
        return listed.length < total ? " (first " + listed.length + " shown):\n" : ":\n";
    }

    private static <S, I, O> void appendOperations(
            StringBuilder out, Model<S, I, O> model, List<Operation<I, O>> partition, int[] indices, long origin) {
        for (int index : indices) {
            Operation<I, O> op = partition.get(index);
            out.append("  client ").append(op.clientId()).append(": ").append(model.describe(op))
                    .append("  [").append(millis(op.callNanos() - origin)).append(", ")
                    .append(op.outcomeUnknown() ? "never returned" : millis(op.returnNanos() - origin))
                    .append("]\n");
        }
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.6f ms", nanos / 1e6);
    }
}
