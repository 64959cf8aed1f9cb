package io.coterie.cgroups;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/** The kernel's CPU list syntax ("0-3,8,10-11"), as cpuset files and /proc/PID/status use it. */
final class CpuList {

    private CpuList() {
    }

    static SortedSet<Integer> parse(String text) {
        SortedSet<Integer> cpus = new TreeSet<>();
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return Collections.unmodifiableSortedSet(cpus);
        }
        for (String part : trimmed.split(",")) {
            String range = part.strip();
            int dash = range.indexOf('-');
            try {
                if (dash < 0) {
                    cpus.add(Integer.parseInt(range));
                } else {
                    int from = Integer.parseInt(range.substring(0, dash));
                    int to = Integer.parseInt(range.substring(dash + 1));
                    if (from > to) {
                        throw new IllegalArgumentException("descending CPU range '" + range + "' in '" + text + "'");
                    }
                    for (int cpu = from; cpu <= to; cpu++) {
                        cpus.add(cpu);
                    }
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CPU list: '" + text + "'", e);
            }
        }
        return Collections.unmodifiableSortedSet(cpus);
    }

    static String format(Collection<Integer> cpus) {
        StringBuilder out = new StringBuilder();
        int start = -1;
        int previous = -1;
        for (int cpu : new TreeSet<>(cpus)) {
            if (cpu < 0) {
                throw new IllegalArgumentException("negative CPU id " + cpu);
            }
            if (start >= 0 && cpu == previous + 1) {
                previous = cpu;
                continue;
            }
            appendRange(out, start, previous);
            start = cpu;
            previous = cpu;
        }
        appendRange(out, start, previous);
        return out.toString();
    }

    private static void appendRange(StringBuilder out, int start, int end) {
        if (start < 0) {
            return;
        }
        if (out.length() > 0) {
            out.append(',');
        }
        out.append(start);
        if (end > start) {
            out.append('-').append(end);
        }
    }
}
