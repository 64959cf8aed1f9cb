package io.coterie.scheduler;

/**
 * The words an explanation uses for a host without room. One phrase per host, combining CPU and
 * memory, so that the counts in an explanation add up to the number of hosts.
 */
final class Shortfall {

    static final String CPU = "short of CPU";
    static final String MEMORY = "short of memory";
    static final String NO_WHOLE_CPU = "no free whole CPU";

    private Shortfall() {
    }

    /** The phrase for a request that lacks CPU and/or memory, or null if it lacks neither. */
    static String describe(CpuRequest request, boolean cpuFits, boolean memoryFits) {
        if (cpuFits && memoryFits) {
            return null;
        }
        if (cpuFits) {
            return MEMORY;
        }
        String cpu = request instanceof CpuRequest.Exclusive exclusive ? wholeCpus(exclusive.cpus()) : CPU;
        if (memoryFits) {
            return cpu;
        }
        return cpu.equals(CPU) ? "short of CPU and memory" : cpu + " and short of memory";
    }

    private static String wholeCpus(int wanted) {
        return wanted == 1 ? NO_WHOLE_CPU : "fewer than " + wanted + " free whole CPUs";
    }
}
