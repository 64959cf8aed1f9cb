package io.coterie.testsupport.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Generates histories that are linearizable by construction: sequential clients issue operations with
 * random timing, each operation takes effect at a random instant inside its interval (or, if its outcome
 * is unknown, at a random instant after its call or not at all), and outputs are computed by applying the
 * operations in that order to plain registers. Every written value is unique, which the mutation tests use.
 */
final class SimulatedRegisters {

    record Settings(int clients, int keys, int operations, int maxGapNanos, int maxDurationNanos,
                    double unknownProbability) {}

    private record Pending(int index, KvInput input, long effectAt) {}

    private SimulatedRegisters() {}

    static List<Operation<KvInput, Object>> generate(Settings settings, long seed) {
        Random random = new Random(seed);
        long[] clientClock = new long[settings.clients()];
        List<Pending> effects = new ArrayList<>();
        List<long[]> intervals = new ArrayList<>();
        List<KvInput> inputs = new ArrayList<>();
        List<Boolean> unknown = new ArrayList<>();
        Map<String, String> lastWritten = new HashMap<>();
        for (int i = 0; i < settings.operations(); i++) {
            int client = earliest(clientClock);
            long call = clientClock[client] + random.nextInt(settings.maxGapNanos() + 1);
            long duration = 1 + random.nextInt(settings.maxDurationNanos());
            KvInput input = randomInput(random, "k" + random.nextInt(settings.keys()), i, lastWritten);
            boolean outcomeUnknown = random.nextDouble() < settings.unknownProbability();
            long effectAt = call + (long) (random.nextDouble() * duration);
            if (outcomeUnknown) {
                effectAt = random.nextBoolean() ? -1 : call + (long) (random.nextDouble() * 5 * duration);
            }
            clientClock[client] = call + duration;
            inputs.add(input);
            intervals.add(new long[] {client, call, call + duration});
            unknown.add(outcomeUnknown);
            if (effectAt >= 0) {
                effects.add(new Pending(i, input, effectAt));
            }
        }
        Object[] outputs = applyInOrder(effects, inputs.size());
        List<Operation<KvInput, Object>> history = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            long[] interval = intervals.get(i);
            history.add(unknown.get(i)
                    ? Operation.unknown((int) interval[0], inputs.get(i), interval[1])
                    : Operation.completed((int) interval[0], inputs.get(i), outputs[i], interval[1], interval[2]));
        }
        return history;
    }

    private static int earliest(long[] clocks) {
        int best = 0;
        for (int c = 1; c < clocks.length; c++) {
            if (clocks[c] < clocks[best]) {
                best = c;
            }
        }
        return best;
    }

    private static KvInput randomInput(Random random, String key, int index, Map<String, String> lastWritten) {
        int kind = random.nextInt(10);
        String fresh = key + "-v" + index;
        if (kind < 4) {
            return KvInput.read(key);
        }
        if (kind < 7) {
            lastWritten.put(key, fresh);
            return KvInput.write(key, fresh);
        }
        if (kind < 9) {
            String expected = random.nextInt(4) == 0 ? null : lastWritten.get(key);
            lastWritten.put(key, fresh);
            return KvInput.cas(key, expected, fresh);
        }
        return KvInput.delete(key);
    }

    private static Object[] applyInOrder(List<Pending> effects, int size) {
        effects.sort(Comparator.comparingLong(Pending::effectAt).thenComparingInt(Pending::index));
        Map<String, String> registers = new HashMap<>();
        Object[] outputs = new Object[size];
        for (Pending effect : effects) {
            KvInput input = effect.input();
            String current = registers.get(input.key());
            if (input instanceof KvInput.Read) {
                outputs[effect.index()] = current;
            } else if (input instanceof KvInput.Write write) {
                registers.put(write.key(), write.value());
            } else if (input instanceof KvInput.Cas cas) {
                boolean matches = Objects.equals(current, cas.expected());
                if (matches) {
                    put(registers, cas.key(), cas.newValue());
                }
                outputs[effect.index()] = matches;
            } else {
                registers.remove(input.key());
            }
        }
        return outputs;
    }

    private static void put(Map<String, String> registers, String key, String value) {
        if (value == null) {
            registers.remove(key);
        } else {
            registers.put(key, value);
        }
    }
}
