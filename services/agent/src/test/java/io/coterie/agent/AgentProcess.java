package io.coterie.agent;

import static org.awaitility.Awaitility.await;

import io.coterie.teststore.TestStore;
import io.coterie.testsupport.http.Http;
import io.coterie.testsupport.process.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/** {@code java -jar agent.jar} as a real process, one host of its own, killed and restarted by tests. */
final class AgentProcess implements AutoCloseable {

    static final Duration STARTUP = Duration.ofMinutes(2);

    private final String host;
    private final Path jar;
    private final Map<String, String> environment = new HashMap<>();
    private final Path logDir;
    private final int port;
    private JavaProcess process;
    private int starts;

    /** Host {@code host} under cgroup parent {@code cgroupParent}, state under {@code dir}, lease TTL {@code ttl}. */
    AgentProcess(String host, String storeMembers, String cgroupParent, Path dir, Duration ttl) {
        this.host = host;
        this.jar = jar();
        this.port = TestStore.freePort();
        this.logDir = dir;
        environment.put("SERVER_PORT", Integer.toString(port));
        environment.put("COTERIE_STORE_MEMBERS", storeMembers);
        environment.put("COTERIE_AGENT_HOST_ID", host);
        environment.put("COTERIE_AGENT_CGROUP_PARENT", cgroupParent);
        environment.put("COTERIE_AGENT_STATE_DIR", dir.resolve("state").toString());
        environment.put("COTERIE_AGENT_MEMORY", "2GB");
        environment.put("COTERIE_AGENT_LEASE_TTL", ttl.toMillis() + "ms");
        environment.put("COTERIE_AGENT_STOP_GRACE", "2s");
        environment.put("COTERIE_REGISTRATION_ADDRESS", "127.0.0.1");
    }

    /** The jar the build just packaged (failsafe passes its path). */
    static Path jar() {
        String path = System.getProperty("agent.jar");
        if (path == null || !Files.isRegularFile(Path.of(path))) {
            throw new IllegalStateException("run this with failsafe after package: the system property agent.jar "
                    + "must name services/agent/target/agent.jar (it is " + path + ")");
        }
        return Path.of(path);
    }

    AgentProcess start() {
        starts++;
        process = JavaProcess.ofJar(host + "-" + starts, jar, List.of(), environment,
                logDir.resolve(host + "-" + starts + ".log"), null).start();
        return this;
    }

    AgentProcess awaitReady() {
        Http http = new Http(port, null);
        try {
            await().atMost(STARTUP).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(host + " exited during startup:\n" + process.logTail(60));
                }
                return http.ready();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(host + " did not become ready within " + STARTUP + ":\n" + process.logTail(60), e);
        }
        return this;
    }

    /** SIGKILL: no shutdown hook runs; the workloads keep running, the lease is left to expire. */
    void kill() {
        process.kill();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    Http http(String token) {
        return new Http(port, token).timingOut(Duration.ofSeconds(30));
    }

    String log() {
        return process == null ? "" : process.logTail(100_000);
    }

    /** SIGTERM: a graceful stop, which ends the host's workloads and removes its groups. */
    @Override
    public void close() {
        if (process != null) {
            process.stop(Duration.ofSeconds(30));
        }
    }
}
