package io.coterie.cli.testing;

import io.coterie.cli.Coterie;
import io.coterie.cli.core.CliContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process against a made-up environment and captures what it prints. */
public final class Cli {

    public record Result(int exit, byte[] outBytes, String err) {

        public String out() {
            return new String(outBytes, StandardCharsets.UTF_8);
        }

        /** stderr's lines, for checking that a failure says exactly one thing. */
        public String[] errLines() {
            return err.isEmpty() ? new String[0] : err.split("\n");
        }
    }

    private final Map<String, String> env = new HashMap<>();
    private Path cwd = Path.of("/nonexistent-cwd-for-tests");
    private byte[] stdin = new byte[0];

    public Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Cli cwd(Path cwd) {
        this.cwd = cwd;
        return this;
    }

    public Cli stdin(byte[] stdin) {
        this.stdin = stdin;
        return this;
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext context = CliContext.of(env, cwd, new ByteArrayInputStream(stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit = Coterie.run(args, context);
        return new Result(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** A context with nothing in it, for building the command tree. */
    public static CliContext emptyContext() {
        return CliContext.of(Map.of(), Path.of("/nonexistent-cwd-for-tests"), new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
    }

    /** Runs against {@code server} with a fixed token, as most tests want. */
    public static Result against(StubServer server, String... args) {
        return new Cli().env("COTERIE_ADDR", server.address()).env("COTERIE_TOKEN", "test-token").run(args);
    }
}
