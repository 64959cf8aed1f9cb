package io.coterie.scheduler;

import java.util.ArrayList;
import java.util.List;

/** Naming paths as the scheduler needs them: checked for shape, and matched against what hosts hold. */
final class DataPath {

    private DataPath() {
    }

    /** The reason {@code path} is not an absolute path such as {@code /data/set}, or null if it is. */
    static String violation(String path) {
        if (path == null || path.length() < 2 || path.charAt(0) != '/' || path.endsWith("/") || path.contains("//")) {
            return "must be absolute with non-empty segments, like /data/set (got '" + path + "')";
        }
        return null;
    }

    /**
     * The path and every ancestor of it, longest first: a host holding {@code /data} holds the data
     * of {@code /data/set/part-1} too.
     */
    static List<String> withAncestors(String path) {
        List<String> paths = new ArrayList<>();
        for (int end = path.length(); end > 0; end = path.lastIndexOf('/', end - 1)) {
            paths.add(path.substring(0, end));
        }
        return paths;
    }
}
