package io.coterie.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code coterie} CLI jar as a separate process, the way a user's shell would. */
final class Cli {

    /** What one command did. */
    record Result(int exit, String out, String err) {
    }

    private final Path jar;
    private final String address;
    private final String token;

    Cli(Path jar, String address, String token) {
        this.jar = jar;
        this.address = address;
        this.token = token;
    }

    Cli withToken(String other) {
        return new Cli(jar, address, other);
    }

    Result run(String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("COTERIE_ADDR", address);
            builder.environment().put("COTERIE_TOKEN", token);
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("coterie " + String.join(" ", args) + " did not finish");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
