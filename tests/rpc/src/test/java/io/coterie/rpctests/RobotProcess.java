package io.coterie.rpctests;

import static org.awaitility.Awaitility.await;

import io.coterie.testsupport.process.JavaProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/** {@code java -jar robot-sim.jar} as a real process, bound under {@code /robots/ID} through the gateway. */
final class RobotProcess implements AutoCloseable {

    private final String id;
    private final JavaProcess process;

    private RobotProcess(String id, JavaProcess process) {
        this.id = id;
        this.process = process;
    }

    /**
     * Starts robot {@code id} and waits until it says its name is bound. {@code port} 0 takes any;
     * the robot checks tokens with the keys it reads from the gateway, and skips telemetry.
     */
    static RobotProcess start(RpcPlatform platform, String id, long actuationDelayMillis, int port) {
        Map<String, String> env = new HashMap<>();
        env.put("ROBOT_ID", id);
        env.put("COTERIE_ADDR", platform.gatewayUrl());
        env.put("COTERIE_TOKEN", platform.store().tokens().token("robot-" + id,
                List.of("write:/robots/" + id, "read:/robots/"), Duration.ofHours(1)));
        env.put("ROBOT_ACTUATION_DELAY_MS", Long.toString(actuationDelayMillis));
        env.put("ROBOT_TELEMETRY_INTERVAL_MS", "0");
        env.put("ROBOT_PORT", Integer.toString(port));
        Path log = platform.logs().resolve("robot-" + id + "-" + System.nanoTime() + ".log");
        JavaProcess process = JavaProcess.ofJar("robot-" + id, RpcPlatform.jar("robot-sim"), List.of(), env, log, null).start();
        RobotProcess robot = new RobotProcess(id, process);
        robot.awaitReady(Duration.ofSeconds(60));
        return robot;
    }

    private void awaitReady(Duration within) {
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("robot " + id + " exited during startup:\n" + process.logTail(60));
                }
                return Files.exists(process.log())
                        && Files.readString(process.log(), StandardCharsets.UTF_8).contains("robot " + id + " ready");
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("robot " + id + " did not bind its name within " + within + ":\n" + process.logTail(60), e);
        }
    }

    String name() {
        return "/robots/" + id;
    }

    /** SIGKILL: its name stays bound until its session runs out. */
    void kill() {
        process.kill();
    }

    String logTail() {
        return process.logTail(40);
    }

    @Override
    public void close() {
        process.close();
    }
}
