package io.coterie.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The cgroup mounts listed in /proc/self/mountinfo. Read rather than assumed: distributions mount
 * v1 controllers under different names ("cpu,cpuacct" co-mounted or separate), containers see a
 * sub-tree of the hierarchy as the mount's root, and hybrid hosts have a v2 mount beside the v1 ones.
 */
record MountInfo(List<Mount> mounts) {

    /** One cgroup or cgroup2 mount. {@code root} is the hierarchy path that appears at {@code mountPoint}. */
    record Mount(String root, Path mountPoint, String fsType, Set<String> mountOptions, Set<String> superOptions) {

        boolean isV2() {
            return fsType.equals("cgroup2");
        }

        boolean isV1() {
            return fsType.equals("cgroup");
        }

        boolean readOnly() {
            return mountOptions.contains("ro") || superOptions.contains("ro");
        }

        /** For v1: whether this hierarchy carries the controller (super options list them, e.g. "rw,cpu,cpuacct"). */
        boolean hasController(String controller) {
            return isV1() && superOptions.contains(controller);
        }
    }

    MountInfo {
        mounts = List.copyOf(mounts);
    }

    static MountInfo read(Path mountInfoFile) throws IOException {
        return parse(Files.readAllLines(mountInfoFile));
    }

    /** Format: id parent major:minor root mountpoint options [optional fields...] - fstype source superoptions */
    static MountInfo parse(List<String> lines) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(" ");
            int separator = -1;
            for (int i = 6; i < fields.length; i++) {
                if (fields[i].equals("-")) {
                    separator = i;
                    break;
                }
            }
            if (separator < 0 || fields.length < separator + 4) {
                continue;
            }
            String fsType = fields[separator + 1];
            if (!fsType.equals("cgroup") && !fsType.equals("cgroup2")) {
                continue;
            }
            mounts.add(new Mount(
                    unescape(fields[3]),
                    Path.of(unescape(fields[4])),
                    fsType,
                    Set.copyOf(List.of(fields[5].split(","))),
                    Set.copyOf(List.of(fields[separator + 3].split(",")))));
        }
        return new MountInfo(mounts);
    }

    /** The kernel escapes space, tab, newline and backslash in paths as three-digit octal ("\040"). */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }

    List<Mount> v2Mounts() {
        return mounts.stream().filter(Mount::isV2).toList();
    }

    /** The first v1 hierarchy carrying the controller, if any. */
    java.util.Optional<Mount> v1MountFor(String controller) {
        return mounts.stream().filter(m -> m.hasController(controller)).findFirst();
    }
}
