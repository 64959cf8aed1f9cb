package io.coterie.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started by a test: a real process with its own pid, killed with real signals (SIGKILL,
 * SIGTERM, SIGSTOP/SIGCONT), optionally inside a network namespace. Output goes to a log file,
 * whose tail a failing test can print.
 */
public final class JavaProcess implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    private JavaProcess(String name, List<String> command, Map<String, String> environment, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    /** {@code java -cp CLASSPATH mainClass args}, with the test's own classpath. */
    public static JavaProcess ofMainClass(String name, String mainClass, List<String> args, Path log) {
        return ofMainClass(name, mainClass, args, Map.of(), log, null);
    }

    public static JavaProcess ofMainClass(String name, String mainClass, List<String> args, Map<String, String> env,
                                          Path log, String netns) {
        List<String> command = new ArrayList<>(prefix(netns));
        command.addAll(List.of(java(), "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return new JavaProcess(name, command, env, log);
    }

    /** {@code java -jar JAR args}. */
    public static JavaProcess ofJar(String name, Path jar, List<String> args, Map<String, String> env, Path log, String netns) {
        List<String> command = new ArrayList<>(prefix(netns));
        command.addAll(List.of(java(), "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString()));
        command.addAll(args);
        return new JavaProcess(name, command, env, log);
    }

    private static List<String> prefix(String netns) {
        // `ip netns exec` enters the namespace and then execs the command: the pid stays the JVM's.
        return netns == null ? List.of() : List.of("ip", "netns", "exec", netns);
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    public String name() {
        return name;
    }

    public JavaProcess start() {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: the process dies at once, with no chance to clean up. */
    public void kill() {
        if (isAlive()) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(20));
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}. */
    public void stop(Duration grace) {
        if (isAlive()) {
            process.destroy();
            if (!waitFor(grace)) {
                kill();
            }
        }
    }

    /** SIGSTOP: the process freezes, its sockets stay open; the rest of the cluster sees a silent peer. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public Path log() {
        return log;
    }

    /** The last lines of the process's output, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (isAlive()) {
            resume();
            stop(Duration.ofSeconds(10));
        }
    }
}
