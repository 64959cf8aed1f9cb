package io.coterie.testsupport.linearizability;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Breaks a history from {@link SimulatedRegisters} in a way that is provably not linearizable: one read is
 * made to return a value that no ordering allows it to see. Relies on every written value being unique.
 * Cubic in the history's length: meant for the small histories of property tests.
 */
final class Mutations {

    private Mutations() {}

    /** The history with one read returning an impossible value, if the history has a suitable read. */
    static Optional<List<Operation<KvInput, Object>>> impossibleRead(
            List<Operation<KvInput, Object>> history, Random random) {
        List<int[]> choices = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int r = 0; r < history.size(); r++) {
            Operation<KvInput, Object> read = history.get(r);
            if (!(read.input() instanceof KvInput.Read) || read.outcomeUnknown()) {
                continue;
            }
            for (String value : futureValues(history, read)) {
                choices.add(new int[] {r, values.size()});
                values.add(value);
            }
            for (String value : overwrittenValues(history, read)) {
                choices.add(new int[] {r, values.size()});
                values.add(value);
            }
        }
        if (choices.isEmpty()) {
            return Optional.empty();
        }
        int[] choice = choices.get(random.nextInt(choices.size()));
        Operation<KvInput, Object> read = history.get(choice[0]);
        List<Operation<KvInput, Object>> mutated = new ArrayList<>(history);
        mutated.set(choice[0], Operation.completed(
                read.clientId(), read.input(), values.get(choice[1]), read.callNanos(), read.returnNanos()));
        return Optional.of(mutated);
    }

    /** Values first written by operations called after the read returned: seeing them would be time travel. */
    private static List<String> futureValues(
            List<Operation<KvInput, Object>> history, Operation<KvInput, Object> read) {
        List<String> values = new ArrayList<>();
        for (Operation<KvInput, Object> op : history) {
            String written = writtenValue(op.input());
            if (written != null && sameKey(op, read) && op.callNanos() > read.returnNanos()) {
                values.add(written);
            }
        }
        return values;
    }

    /** Values certainly written and then certainly overwritten, both before the read was called. */
    private static List<String> overwrittenValues(
            List<Operation<KvInput, Object>> history, Operation<KvInput, Object> read) {
        List<String> values = new ArrayList<>();
        for (Operation<KvInput, Object> first : history) {
            String written = writtenValue(first.input());
            if (written == null || !sameKey(first, read) || !certainlyOverwrote(first)) {
                continue;
            }
            boolean overwritten = history.stream().anyMatch(later -> sameKey(later, read)
                    && certainlyOverwrote(later)
                    && later.callNanos() > first.returnNanos()
                    && later.returnNanos() < read.callNanos());
            if (overwritten) {
                values.add(written);
            }
        }
        return values;
    }

    private static boolean certainlyOverwrote(Operation<KvInput, Object> op) {
        if (op.outcomeUnknown()) {
            return false;
        }
        KvInput input = op.input();
        return input instanceof KvInput.Write
                || input instanceof KvInput.Delete
                || (input instanceof KvInput.Cas && Boolean.TRUE.equals(op.output()));
    }

    private static String writtenValue(KvInput input) {
        if (input instanceof KvInput.Write write) {
            return write.value();
        }
        return input instanceof KvInput.Cas cas ? cas.newValue() : null;
    }

    private static boolean sameKey(Operation<KvInput, Object> a, Operation<KvInput, Object> b) {
        return a.input().key().equals(b.input().key());
    }
}
