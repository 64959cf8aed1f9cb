package io.coterie.testsupport.process;

import static org.awaitility.Awaitility.await;

import io.coterie.testsupport.http.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code java -jar SERVICE.jar} as a real process on a port of its own ({@code SERVER_PORT}),
 * started, killed and restarted by tests. Start number N logs to {@code logDir/NAME-N.log}.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Path jar;
    private final Map<String, String> environment;
    private final Path logDir;
    private final int port;
    private final Http http;
    private JavaProcess process;
    private int starts;

    /** Service {@code service}'s jar (see {@link #jar}), as instance {@code name}, with {@code environment}. */
    public ServiceProcess(String service, String name, Map<String, String> environment, Path logDir) {
        this.name = name;
        this.jar = jar(service);
        this.port = freePort();
        this.environment = new HashMap<>(environment);
        this.environment.put("SERVER_PORT", Integer.toString(port));
        this.logDir = logDir;
        this.http = new Http(port, null);
    }

    /** The jar the build just packaged: failsafe passes its path as the system property {@code SERVICE.jar}. */
    public static Path jar(String service) {
        String property = service + ".jar";
        String path = System.getProperty(property);
        if (path == null || !Files.isRegularFile(Path.of(path))) {
            throw new IllegalStateException("run this with failsafe after package: the system property " + property
                    + " must name services/" + service + "/target/" + service + ".jar (it is " + path + ")");
        }
        return Path.of(path);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public ServiceProcess start() {
        starts++;
        process = JavaProcess.ofJar(name + "-" + starts, jar, List.of(), environment, logDir.resolve(name + "-" + starts + ".log"), null)
                .start();
        return this;
    }

    /** Waits until the readiness probe answers 200; fails at once, with the log, if the process exits. */
    public void awaitReady(Duration within) {
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited during startup:\n" + process.logTail(60));
                }
                return isReady();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " did not become ready within " + within + ":\n" + process.logTail(60), e);
        }
    }

    public boolean isReady() {
        return http.ready();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no graceful drain; whatever was in flight is lost. */
    public void kill() {
        process.kill();
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The last {@code lines} lines of the current start's output, for failure messages. */
    public String logTail(int lines) {
        return process == null ? "(not started)" : process.logTail(lines);
    }

    /** SIGTERM, then SIGKILL after 20 s. */
    @Override
    public void close() {
        if (process != null) {
            process.stop(Duration.ofSeconds(20));
        }
    }
}
