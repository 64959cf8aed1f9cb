package io.coterie.scheduler;

/**
 * How much CPU a replica asks for. Host agents enforce the two kinds differently, so the ledger
 * keeps them apart: a {@linkplain Shared shared} request is a CFS quota in the pool of CPUs that
 * no one has pinned; an {@linkplain Exclusive exclusive} request pins whole CPUs (a cpuset) that
 * are taken out of that pool.
 */
public sealed interface CpuRequest permits CpuRequest.Shared, CpuRequest.Exclusive {

    /** The most CPUs one replica may ask for, either way. */
    int MAX_CPUS = 1024;

    static CpuRequest shared(long millicores) {
        return new Shared(millicores);
    }

    static CpuRequest exclusive(int cpus) {
        return new Exclusive(cpus);
    }

    /** What the request takes out of the host's CPU capacity; a pinned CPU counts as 1000. */
    long millicores();

    /** A fraction of the shared pool: 500 is half a core, 2500 two and a half. */
    record Shared(long millicores) implements CpuRequest {

        public Shared {
            if (millicores < 1 || millicores > MAX_CPUS * 1000L) {
                throw new InvalidJobSpecException("shared CPU must be between 1 and " + MAX_CPUS * 1000
                        + " millicores (got " + millicores + ")");
            }
        }

        @Override
        public String toString() {
            return millicores + "m shared";
        }
    }

    /** Whole CPUs for this replica alone. */
    record Exclusive(int cpus) implements CpuRequest {

        public Exclusive {
            if (cpus < 1 || cpus > MAX_CPUS) {
                throw new InvalidJobSpecException("exclusive CPUs must be between 1 and " + MAX_CPUS + " (got " + cpus + ")");
            }
        }

        @Override
        public long millicores() {
            return cpus * 1000L;
        }

        @Override
        public String toString() {
            return cpus + " exclusive CPU" + (cpus == 1 ? "" : "s");
        }
    }
}
