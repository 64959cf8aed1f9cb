package io.coterie.agent;

import static io.coterie.agent.Scheduler.assignment;
import static io.coterie.agent.Scheduler.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.coterie.teststore.TestStore;
import io.coterie.testsupport.http.Http;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The packaged agent where it cannot write cgroups (run as the unprivileged user nobody): it refuses
 * to start with one line saying why and what to do, unless monitor-only is set, and then it runs
 * workloads without limits and says so to the scheduler. Needs root, to become nobody.
 */
class MonitorOnlyIT {

    private static final String MARKER = "coterie-agent-it-" + ProcessHandle.current().pid() + "-monitor-only";

    private Path dir;
    private Process agent;
    private Path output;

    @BeforeAll
    static void needsRootAndSetpriv() {
        assumeThat(System.getProperty("user.name")).as("becoming nobody needs root").isEqualTo("root");
        assumeThat(Files.isExecutable(Path.of("/usr/bin/setpriv"))).as("setpriv (util-linux) is needed").isTrue();
    }

    @BeforeEach
    void directoryNobodyCanWrite() throws IOException {
        dir = Files.createTempDirectory("agent-monitor-only", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        output = dir.resolve("agent.log");
    }

    @AfterEach
    void stopAndCheck() throws Exception {
        if (agent != null && agent.isAlive()) {
            agent.destroy();
            if (!agent.waitFor(30, TimeUnit.SECONDS)) {
                agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertThat(Workloads.withMarker(MARKER)).as("workload processes left behind").isEmpty();
    }

    @Test
    void withoutWritableCgroupsTheAgentRefusesToStartWithOneLineSayingWhatToDo() throws Exception {
        agent = startAsNobody(Map.of("COTERIE_STORE_MEMBERS", TestStore.shared().members()), TestStore.freePort());

        assertThat(agent.waitFor(2, TimeUnit.MINUTES)).as("the agent gives up by itself").isTrue();
        String log = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(agent.exitValue()).as(log).isNotZero();
        assertThat(log).containsPattern("(?m)^the agent refuses to start: cannot enforce CPU and memory limits on this machine: .+$")
                .contains("COTERIE_AGENT_MONITOR_ONLY=true")
                .doesNotContain("\tat ");
    }

    @Test
    void inMonitorOnlyModeItRunsWorkloadsWithoutLimitsAndTellsTheScheduler() throws Exception {
        int port = TestStore.freePort();
        agent = startAsNobody(Map.of("COTERIE_STORE_MEMBERS", TestStore.shared().members(),
                "COTERIE_AGENT_MONITOR_ONLY", "true"), port);
        Http http = new Http(port, TestStore.shared().tokens().admin()).timingOut(Duration.ofSeconds(30));
        await().atMost(AgentProcess.STARTUP).until(() -> {
            assertThat(agent.isAlive()).as(Files.readString(output)).isTrue();
            return http.ready();
        });
        Scheduler scheduler = new Scheduler(TestStore.shared().client(), "unlimited-host");

        assertThat(scheduler.hostKey().orElseThrow().get("monitorOnly").asBoolean()).isTrue();
        assertThat(Http.ok(http.get("/v1/agent")).get("monitorOnly").asBoolean()).isTrue();
        String id = scheduler.assign(assignment("unlimited", 0, 41, Workloads.loop(MARKER, "free")));
        JsonNode running = scheduler.awaitStatus(id, state("running"));
        assertThat(Workloads.alive(running.get("localPid").asLong())).isTrue();

        scheduler.unassign(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> !Workloads.alive(running.get("localPid").asLong()));
        scheduler.unassignAll();
    }

    private Process startAsNobody(Map<String, String> env, int port) throws IOException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup",
                "--clear-groups", "--"));
        command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-XX:+UseSerialGC",
                "-jar", AgentProcess.jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(env);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("COTERIE_AGENT_HOST_ID", "unlimited-host");
        builder.environment().put("COTERIE_AGENT_STATE_DIR", dir.resolve("state").toString());
        builder.environment().put("COTERIE_AGENT_MEMORY", "1GB");
        builder.environment().put("COTERIE_AGENT_STOP_GRACE", "2s");
        builder.environment().put("COTERIE_REGISTRATION_ADDRESS", "127.0.0.1");
        return builder.start();
    }
}
