package io.coterie.scheduler.service;

import static org.awaitility.Awaitility.await;

import io.coterie.testsupport.http.Http;
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

/** {@code java -jar scheduler.jar} as a real process on its own port, killed by tests. */
final class SchedulerProcess implements AutoCloseable {

    final String instance;
    private final Path jar;
    private final Map<String, String> environment;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private JavaProcess process;

    SchedulerProcess(String instance, Map<String, String> environment, Path logDir) {
        this.instance = instance;
        this.jar = jar();
        this.port = TestStore.freePort();
        this.environment = new HashMap<>(environment);
        this.environment.put("SERVER_PORT", Integer.toString(port));
        this.environment.put("COTERIE_SCHEDULER_INSTANCE_ID", instance);
        this.environment.put("COTERIE_REGISTRATION_ADDRESS", "127.0.0.1");
        this.log = logDir.resolve(instance + ".log");
    }

    /** The jar the build just packaged (failsafe passes its path). */
    static Path jar() {
        String path = System.getProperty("scheduler.jar");
        if (path == null || !Files.isRegularFile(Path.of(path))) {
            throw new IllegalStateException("run this with failsafe after package: the system property scheduler.jar "
                    + "must name services/scheduler/target/scheduler.jar (it is " + path + ")");
        }
        return Path.of(path);
    }

    SchedulerProcess start() {
        process = JavaProcess.ofJar(instance, jar, List.of(), environment, log, null).start();
        return this;
    }

    void awaitReady(Duration within) {
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(instance + " exited during startup:\n" + process.logTail(60));
                }
                return isReady();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(instance + " did not become ready within " + within + ":\n" + process.logTail(60), e);
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

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no resignation; the leader key stays until its lease runs out. */
    void kill() {
        process.kill();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    Http http(String token) {
        return new Http(url("/"), token).timingOut(Duration.ofSeconds(30));
    }

    String logTail() {
        return process == null ? "(not started)" : process.logTail(60);
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop(Duration.ofSeconds(20));
        }
    }
}
