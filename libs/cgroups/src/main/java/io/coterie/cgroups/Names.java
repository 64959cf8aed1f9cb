package io.coterie.cgroups;

import java.util.regex.Pattern;

/** Ids become cgroup directory names, so they are kept to characters that need no escaping anywhere. */
final class Names {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Names() {
    }

    static String checkSegment(String what, String name) {
        if (name == null || !SEGMENT.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be 1-64 characters of [A-Za-z0-9._-], starting with a letter"
                    + " or digit: '" + name + "'");
        }
        return name;
    }

    static String checkPath(String what, String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        for (String segment : path.split("/", -1)) {
            checkSegment(what + " segment", segment);
        }
        return path;
    }
}
