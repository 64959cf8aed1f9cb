package io.coterie.scheduler.service;

import io.coterie.testsupport.http.Http;
import io.coterie.testsupport.process.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** {@code java -jar scheduler.jar} as a real process on its own port, as instance {@link #instance}, killed by tests. */
final class SchedulerProcess implements AutoCloseable {

    final String instance;
    private final ServiceProcess process;

    SchedulerProcess(String instance, Map<String, String> environment, Path logDir) {
        this.instance = instance;
        Map<String, String> env = new HashMap<>(environment);
        env.put("COTERIE_SCHEDULER_INSTANCE_ID", instance);
        env.put("COTERIE_REGISTRATION_ADDRESS", "127.0.0.1");
        this.process = new ServiceProcess("scheduler", instance, env, logDir);
    }

    SchedulerProcess start() {
        process.start();
        return this;
    }

    void awaitReady(Duration within) {
        process.awaitReady(within);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no resignation; the leader key stays until its lease runs out. */
    void kill() {
        process.kill();
    }

    Http http(String token) {
        return new Http(process.url("/"), token).timingOut(Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        process.close();
    }
}
