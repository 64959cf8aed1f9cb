package io.coterie.cli.core;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Everything a command takes from the process around it. Commands never read {@link System}
 * directly, so tests can run them against a made-up environment, directory and streams.
 */
public record CliContext(Function<String, String> env, Path cwd, InputStream in, PrintStream out, PrintStream err) {

    public static CliContext system() {
        return new CliContext(System::getenv, Path.of("").toAbsolutePath(), System.in,
                new PrintStream(System.out, false, StandardCharsets.UTF_8),
                new PrintStream(System.err, true, StandardCharsets.UTF_8));
    }

    public static CliContext of(Map<String, String> env, Path cwd, InputStream in, PrintStream out, PrintStream err) {
        return new CliContext(env::get, cwd, in, out, err);
    }

    /** The variable's value, or null when it is unset or blank. */
    public String getenv(String name) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? null : value;
    }

    public boolean debug() {
        String value = getenv("COTERIE_DEBUG");
        return value != null && !value.equals("0") && !value.equalsIgnoreCase("false");
    }
}
