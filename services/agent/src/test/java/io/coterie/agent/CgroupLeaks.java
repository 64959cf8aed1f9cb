package io.coterie.agent;

import io.coterie.cgroups.CgroupDriver;
import io.coterie.cgroups.Cgroups;
import io.coterie.cgroups.CgroupsUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * The safety net of the real-cgroup tests: finds groups named with a test's prefix in every cgroup
 * mount, kills what is inside and removes them, so a failed test leaves nothing on the machine; and
 * returns what it had to remove, so that a leak still fails the test.
 */
final class CgroupLeaks {

    private CgroupLeaks() {
    }

    /** An enforcing driver, or empty with the reason this machine cannot run the real-cgroup tests. */
    static Optional<String> whyNotEnforcing() {
        try {
            CgroupDriver driver = Cgroups.detect();
            return driver.isEnforcing() ? Optional.empty() : Optional.of("cgroups do not enforce here: " + driver.describe());
        } catch (CgroupsUnavailableException e) {
            return Optional.of("cgroups cannot be used here (run as root on a machine with writable cgroups): "
                    + e.getMessage());
        }
    }

    /** Groups, in any cgroup mount, named {@code name} and somewhere below a group whose name starts with {@code prefix}. */
    static List<Path> groupsNamed(String name, String prefix) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path top : groupsStartingWith(prefix)) {
            try (Stream<Path> dirs = Files.find(top, 10, (path, attributes) -> attributes.isDirectory()
                    && path.getFileName().toString().equals(name))) {
                dirs.forEach(found::add);
            }
        }
        return found;
    }

    static List<Path> removeAll(String prefix) throws IOException {
        List<Path> found = groupsStartingWith(prefix);
        for (Path top : found) {
            List<Path> bottomUp;
            try (Stream<Path> tree = Files.walk(top)) {
                bottomUp = tree.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
            }
            for (Path dir : bottomUp) {
                for (String pid : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                    ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
                }
                removeWhenEmpty(dir);
            }
        }
        return found;
    }

    /** rmdir fails while the killed processes are still on their way out. */
    private static void removeWhenEmpty(Path dir) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> {
                    Files.deleteIfExists(dir);
                    return true;
                });
    }

    private static List<Path> groupsStartingWith(String prefix) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path mount : cgroupMounts()) {
            try (Stream<Path> dirs = Files.find(mount, 10, (path, attributes) -> attributes.isDirectory()
                    && path.getFileName() != null && path.getFileName().toString().startsWith(prefix))) {
                dirs.forEach(found::add);
            }
        }
        return found;
    }

    private static List<Path> cgroupMounts() throws IOException {
        List<Path> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] halves = line.split(" - ", 2);
            if (halves.length == 2 && (halves[1].startsWith("cgroup ") || halves[1].startsWith("cgroup2 "))) {
                mounts.add(Path.of(halves[0].split(" ")[4]));
            }
        }
        return mounts;
    }
}
