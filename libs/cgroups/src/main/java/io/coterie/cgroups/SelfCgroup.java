package io.coterie.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where this process sits in each hierarchy, from /proc/self/cgroup ("hierarchy-id:controllers:path").
 * The agent's groups go below its own cgroup: that is the sub-tree a supervisor (systemd with
 * Delegate=yes, a container runtime, a test harness) hands it, and its own accounting then still
 * covers the workloads.
 */
record SelfCgroup(Map<String, String> v1PathsByController, Optional<String> v2Path) {

    SelfCgroup {
        v1PathsByController = Map.copyOf(v1PathsByController);
    }

    static SelfCgroup read(Path selfCgroupFile) throws IOException {
        return parse(Files.readAllLines(selfCgroupFile));
    }

    static SelfCgroup parse(List<String> lines) {
        Map<String, String> v1 = new HashMap<>();
        String v2 = null;
        for (String line : lines) {
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            if (second < 0) {
                continue;
            }
            String controllers = line.substring(first + 1, second);
            String path = line.substring(second + 1);
            if (line.substring(0, first).equals("0") && controllers.isEmpty()) {
                v2 = path;
            } else {
                for (String controller : controllers.split(",")) {
                    v1.put(controller, path);
                }
            }
        }
        return new SelfCgroup(v1, Optional.ofNullable(v2));
    }

    /**
     * The directory under {@code mount} that holds the hierarchy path {@code cgroupPath}, or empty
     * when the path lies outside what the mount shows (a cgroup namespace or a bind mount of a
     * sub-tree we are not in).
     */
    static Optional<Path> directoryFor(MountInfo.Mount mount, String cgroupPath) {
        String root = mount.root().equals("/") ? "" : mount.root();
        String path = cgroupPath.equals("/") ? "" : cgroupPath;
        if (!root.isEmpty() && !(path.equals(root) || path.startsWith(root + "/"))) {
            return Optional.empty();
        }
        String relative = path.substring(root.length());
        if (relative.contains("/../") || relative.endsWith("/..")) {
            return Optional.empty();
        }
        return Optional.of(relative.isEmpty() ? mount.mountPoint()
                : mount.mountPoint().resolve(relative.substring(1)));
    }
}
