package io.coterie.cgroups;

import java.util.Set;
import java.util.TreeSet;

/**
 * What CPU a workload gets: a bandwidth share of the host's shared CPUs, or whole CPUs of its own.
 */
public sealed interface CpuRequest {

    /** {@code millis}/1000 CPUs of bandwidth (CFS quota) on the shared CPUs; 500 is half a CPU. */
    static CpuRequest shared(long millis) {
        return new Shared(millis);
    }

    /** {@code count} whole CPUs from the host's exclusive pool, whichever are free. */
    static CpuRequest exclusive(int count) {
        return new Exclusive(count, Set.of());
    }

    /** These whole CPUs, which must be in the host's exclusive pool and free. */
    static CpuRequest exclusiveCpus(Set<Integer> cpus) {
        return new Exclusive(cpus.size(), cpus);
    }

    /** Thousandths of a CPU this request takes from the host's capacity. */
    long millis();

    record Shared(long millis) implements CpuRequest {
        public Shared {
            if (millis <= 0) {
                throw new IllegalArgumentException("a shared CPU request needs a positive number of millis: " + millis);
            }
        }
    }

    /** @param cpus specific CPU ids, or empty to take any {@code count} free ones from the pool */
    record Exclusive(int count, Set<Integer> cpus) implements CpuRequest {
        public Exclusive {
            if (count <= 0) {
                throw new IllegalArgumentException("an exclusive CPU request needs at least one CPU: " + count);
            }
            cpus = Set.copyOf(new TreeSet<>(cpus));
            if (!cpus.isEmpty() && cpus.size() != count) {
                throw new IllegalArgumentException("asked for " + count + " CPUs but named " + cpus);
            }
        }

        @Override
        public long millis() {
            return count * 1000L;
        }
    }
}
