package io.coterie.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The safety net of the real-cgroup tests: finds groups named with this run's prefix in every cgroup
 * mount, removes them (killing what is inside) so a failed test leaves nothing on the machine, and
 * reports what it had to remove so the leak still fails the test.
 */
final class CgroupLeaks {

    private CgroupLeaks() {
    }

    static List<Path> removeAll(String prefix) throws IOException {
        List<Path> found = new ArrayList<>();
        for (MountInfo.Mount mount : MountInfo.read(Path.of("/proc/self/mountinfo")).mounts()) {
            try (Stream<Path> dirs = Files.find(mount.mountPoint(), 8,
                    (path, attributes) -> attributes.isDirectory() && path.getFileName() != null
                            && path.getFileName().toString().startsWith(prefix))) {
                dirs.forEach(found::add);
            }
        }
        for (Path top : found) {
            List<Path> bottomUp;
            try (Stream<Path> tree = Files.walk(top)) {
                bottomUp = tree.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
            }
            for (Path dir : bottomUp) {
                Signals.kill(CgroupFiles.pids(dir.resolve("cgroup.procs")));
                CgroupFiles.rmdir(dir, CgroupDriver.RMDIR_PATIENCE_NANOS);
            }
        }
        return found;
    }
}
