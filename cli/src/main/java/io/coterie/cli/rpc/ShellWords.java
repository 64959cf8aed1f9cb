package io.coterie.cli.rpc;

import java.util.regex.Pattern;

/** Quoting for a command line a person can paste into a POSIX shell. */
final class ShellWords {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@%+=,-]+");

    private ShellWords() {
    }

    static String quote(String word) {
        if (PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
