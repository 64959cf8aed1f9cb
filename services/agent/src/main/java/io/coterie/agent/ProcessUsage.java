package io.coterie.agent;

import io.coterie.cgroups.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/**
 * Usage of live processes read from /proc: what is left for a re-adopted workload, since libs/cgroups
 * reads a group's own counters only through the {@code Workload} of the instance that started it.
 * CPU time of processes that have already ended is therefore missing.
 */
final class ProcessUsage {

    private ProcessUsage() {
    }

    static Usage of(Collection<Long> pids) {
        Duration cpu = Duration.ZERO;
        long rss = 0;
        for (long pid : pids) {
            cpu = cpu.plus(ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO));
            rss += residentKiB(pid) * 1024;
        }
        return new Usage(cpu, rss, OptionalLong.empty());
    }

    private static long residentKiB(long pid) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            for (String line : lines) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // The process ended between listing and reading: it uses nothing now.
        }
        return 0;
    }
}
