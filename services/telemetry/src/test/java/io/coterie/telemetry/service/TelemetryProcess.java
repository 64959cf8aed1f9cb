package io.coterie.telemetry.service;

import static org.awaitility.Awaitility.await;

import io.coterie.testsupport.process.JavaProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/** {@code java -jar telemetry.jar} as a real process on its own port, killed and restarted by tests. */
final class TelemetryProcess implements AutoCloseable {

    private final String name;
    private final Path jar;
    private final Map<String, String> environment;
    private final Path logDir;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private JavaProcess process;
    private int starts;

    TelemetryProcess(String name, Map<String, String> environment, Path logDir) {
        this.name = name;
        this.jar = jar();
        this.port = TestStore.freePort();
        this.environment = new HashMap<>(environment);
        this.environment.put("SERVER_PORT", Integer.toString(port));
        this.logDir = logDir;
    }

    /** The jar the build just packaged (failsafe passes its path). */
    static Path jar() {
        String path = System.getProperty("telemetry.jar");
        if (path == null || !Files.isRegularFile(Path.of(path))) {
            throw new IllegalStateException("run this with failsafe after package: the system property telemetry.jar "
                    + "must name services/telemetry/target/telemetry.jar (it is " + path + ")");
        }
        return Path.of(path);
    }

    TelemetryProcess start() {
        starts++;
        process = JavaProcess.ofJar(name + "-" + starts, jar, List.of(), environment, logDir.resolve(name + "-" + starts + ".log"), null)
                .start();
        return this;
    }

    void awaitReady(Duration within) {
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

    boolean isReady() {
        try {
            HttpRequest request = HttpRequest.newBuilder(url("/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: no shutdown hook, no graceful drain; whatever was in flight is lost. */
    void kill() {
        process.kill();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    String logTail() {
        return process == null ? "(not started)" : process.logTail(40);
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop(Duration.ofSeconds(20));
        }
    }
}
