package io.coterie.testsupport.linearizability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A map of independent string registers: the sequential specification of the replicated key-value store.
 * Keys never interact, so histories are checked one key at a time, which keeps the search small even for
 * long runs.
 *
 * <p>The state is an immutable map from key to value holding only present keys (absent keys read as
 * {@code null}). Outputs are untyped to keep recording simple: a {@link KvInput.Read} returns the
 * {@link String} value or {@code null}, a {@link KvInput.Cas} returns a {@link Boolean}, and the outputs of
 * {@link KvInput.Write} and {@link KvInput.Delete} are ignored.
 */
public final class KvRegisterModel implements Model<Map<String, String>, KvInput, Object> {

    @Override
    public Map<String, String> initial() {
        return Map.of();
    }

    @Override
    public Step<Map<String, String>> step(Map<String, String> state, KvInput input, Object output) {
        String current = state.get(input.key());
        if (input instanceof KvInput.Read) {
            if (output != null && !(output instanceof String)) {
                throw new IllegalArgumentException("a read returns a String or null, not " + output.getClass());
            }
            return Step.legalIf(Objects.equals(current, output), state);
        }
        if (input instanceof KvInput.Cas cas) {
            if (!(output instanceof Boolean succeeded)) {
                throw new IllegalArgumentException("a cas returns a Boolean, not " + output);
            }
            boolean matches = Objects.equals(current, cas.expected());
            return Step.legalIf(matches == succeeded, matches ? with(state, cas.key(), cas.newValue()) : state);
        }
        return stepUnknownOutcome(state, input);
    }

    @Override
    public Step<Map<String, String>> stepUnknownOutcome(Map<String, String> state, KvInput input) {
        if (input instanceof KvInput.Read) {
            return Step.to(state);
        }
        if (input instanceof KvInput.Write write) {
            return Step.to(with(state, write.key(), write.value()));
        }
        if (input instanceof KvInput.Cas cas) {
            boolean matches = Objects.equals(state.get(cas.key()), cas.expected());
            return Step.to(matches ? with(state, cas.key(), cas.newValue()) : state);
        }
        if (input instanceof KvInput.Delete delete) {
            return Step.to(with(state, delete.key(), null));
        }
        throw new IllegalArgumentException("unsupported input " + input);
    }

    @Override
    public boolean isReadOnly(KvInput input) {
        return input instanceof KvInput.Read;
    }

    @Override
    public List<List<Operation<KvInput, Object>>> partition(List<Operation<KvInput, Object>> history) {
        Map<String, List<Operation<KvInput, Object>>> byKey = new LinkedHashMap<>();
        for (Operation<KvInput, Object> op : history) {
            byKey.computeIfAbsent(op.input().key(), k -> new ArrayList<>()).add(op);
        }
        return List.copyOf(byKey.values());
    }

    @Override
    public String describePartition(List<Operation<KvInput, Object>> partition) {
        return partition.isEmpty() ? "no key" : "key \"" + partition.get(0).input().key() + "\"";
    }

    @Override
    public String describe(Operation<KvInput, Object> operation) {
        String result = operation.outcomeUnknown() ? "?" : String.valueOf(operation.output());
        KvInput input = operation.input();
        if (input instanceof KvInput.Read read) {
            return "read(" + read.key() + ") -> " + result;
        }
        if (input instanceof KvInput.Write write) {
            return "write(" + write.key() + ", " + write.value() + ")" + (operation.outcomeUnknown() ? " -> ?" : "");
        }
        if (input instanceof KvInput.Cas cas) {
            return "cas(" + cas.key() + ", " + cas.expected() + " -> " + cas.newValue() + ") -> " + result;
        }
        return "delete(" + input.key() + ")" + (operation.outcomeUnknown() ? " -> ?" : "");
    }

    @Override
    public String describeState(Map<String, String> state) {
        return state.isEmpty() ? "{} (all keys absent)" : state.toString();
    }

    private static Map<String, String> with(Map<String, String> state, String key, String value) {
        if (Objects.equals(state.get(key), value)) {
            return state;
        }
        if (state.isEmpty() || (state.size() == 1 && state.containsKey(key))) {
            return value == null ? Map.of() : Map.of(key, value); // the usual case: a partition of one key
        }
        Map<String, String> next = new HashMap<>(state);
        if (value == null) {
            next.remove(key);
        } else {
            next.put(key, value);
        }
        return Map.copyOf(next);
    }
}
