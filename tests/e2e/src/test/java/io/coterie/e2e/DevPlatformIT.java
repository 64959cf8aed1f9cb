package io.coterie.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.testsupport.process.JavaProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outside contract, as a new user meets it: the dev launcher starts everything and says
 * ready, the CLI talks to the gateway, bad input gets one line and the right exit status, state
 * survives a restart, {@code --fresh} forgets it, SIGTERM stops everything. Ports are shifted so
 * that a developer's own {@code ./coterie dev} can keep running.
 */
class DevPlatformIT {

    private static final int OFFSET = 20000;
    private static final String GATEWAY = "http://127.0.0.1:" + (8080 + OFFSET);

    private final Path root = Path.of(System.getProperty("coterie.root", "../..")).toAbsolutePath().normalize();
    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path state;

    private final List<JavaProcess> launched = new java.util.ArrayList<>();

    /** Whatever happened, nothing stays behind: the launchers stop their services on SIGTERM. */
    @org.junit.jupiter.api.AfterEach
    void stopEverything() throws IOException {
        launched.forEach(p -> p.stop(Duration.ofMinutes(1)));
        if (Files.exists(state.resolve("dev/pids"))) {
            servicePids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private JavaProcess launch(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--root", root.toString(), "--state", state.resolve("dev").toString(),
                "--port-offset", Integer.toString(OFFSET)));
        args.addAll(List.of(extra));
        JavaProcess dev = JavaProcess.ofJar("dev", root.resolve("services/dev/target/dev.jar"), args, Map.of(),
                state.resolve("launcher-" + System.nanoTime() + ".log"), null).start();
        launched.add(dev);
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String log = Files.exists(dev.log()) ? Files.readString(dev.log(), StandardCharsets.UTF_8) : "";
            if (!dev.isAlive()) {
                throw new AssertionError("the launcher exited before it was ready:\n" + log);
            }
            return log.contains("coterie dev ready");
        });
        return dev;
    }

    private Cli cli() throws IOException {
        return new Cli(root.resolve("cli/target/coterie.jar"), GATEWAY, Files.readString(state.resolve("dev/token")).trim());
    }

    private List<Long> servicePids() throws IOException {
        return Files.readAllLines(state.resolve("dev/pids")).stream().filter(l -> !l.isBlank())
                .map(l -> Long.parseLong(l.split(" ")[0])).toList();
    }

    /** Naming, identity and permissions, all through the gateway, as a user's shell would drive them. */
    private void namesIdsAndScopedTokens(Cli cli) throws Exception {
        Cli.Result bound = cli.run("name", "bind", "/apps/web", "127.0.0.1:9000,127.0.0.1:9001");
        assertThat(bound.exit()).as(bound.err()).isZero();
        JsonNode web = json.readTree(cli.run("name", "resolve", "/apps/web", "-o", "json").out());
        assertThat(web.get("kind").asString()).isEqualTo("service");
        assertThat(web.get("instances")).hasSize(2);
        assertThat(web.get("revision").asLong()).isEqualTo(Long.parseLong(bound.out().trim()));
        assertThat(cli.run("name", "bind", "/apps/alias", "/apps/web").exit()).isZero();
        assertThat(json.readTree(cli.run("name", "resolve", "/apps/alias", "-o", "json").out()).get("path").asString())
                .as("a link is followed").isEqualTo("/apps/web");
        assertThat(cli.run("name", "bind", "/data/shared/config.txt", "mode=fast").exit()).isZero();
        assertThat(cli.run("name", "resolve", "/data/shared/config.txt", "--content").out()).isEqualTo("mode=fast");
        JsonNode apps = json.readTree(cli.run("name", "ls", "/apps/", "-o", "json").out());
        assertThat(apps).extracting(n -> n.get("path").asString()).containsExactly("/apps/alias", "/apps/web");
        Cli.Result badName = cli.run("name", "bind", "/apps/no spaces", "x");
        assertThat(badName.exit()).isEqualTo(1);
        assertThat(badName.err().strip().lines()).hasSize(1);
        assertThat(cli.run("name", "unbind", "/apps/alias").exit()).isZero();
        assertThat(cli.run("name", "resolve", "/apps/alias").exit()).isEqualTo(1);
        // Every service registered itself; the gateway found them there.
        JsonNode registered = json.readTree(cli.run("name", "ls", "/sys/services/", "-o", "json").out());
        assertThat(registered).extracting(n -> n.get("path").asString().split("/")[3])
                .contains("consensus", "identity", "naming", "telemetry", "scheduler", "agent", "gateway");

        List<Long> ids = cli.run("id", "next", "--count", "5").out().strip().lines().map(Long::parseLong).toList();
        assertThat(ids).hasSize(5).doesNotHaveDuplicates().isSorted();

        assertThat(cli.run("role", "create", "web-team", "--grant", "read:/apps/", "--grant", "write:/apps/web").exit()).isZero();
        Cli.Result alice = cli.run("principal", "create", "alice", "--role", "web-team");
        assertThat(alice.exit()).as(alice.err()).isZero();
        Cli.Result token = cli.run("token", "create", "--principal", "alice", "--ttl", "10m");
        assertThat(token.exit()).as(token.err()).isZero();
        Cli asAlice = cli.withToken(token.out().trim());
        assertThat(asAlice.run("name", "resolve", "/apps/web").exit()).isZero();
        assertThat(asAlice.run("name", "bind", "/apps/web", "127.0.0.1:9002").exit()).isZero();
        Cli.Result outside = asAlice.run("name", "bind", "/apps/other", "127.0.0.1:9003");
        assertThat(outside.exit()).isEqualTo(1);
        assertThat(outside.err()).contains("write");
        assertThat(asAlice.run("kv", "get", "app/greeting").exit()).as("no grant on keys").isEqualTo(1);
        assertThat(asAlice.run("principal", "create", "mallory").exit()).as("not an admin").isEqualTo(1);
    }

    /** Points published to Kafka the way any producer would, read back through the gateway. */
    private void telemetryFromKafkaToQueries(Cli cli) throws Exception {
        String kafka = "127.0.0.1:" + (9092 + OFFSET);
        for (int value = 1; value <= 3; value++) {
            Cli.Result published = cli.run("telemetry", "publish", "--source", "devices/d1", "--metric", "speed",
                    "--value", Integer.toString(value), "--label", "unit=m/s", "--kafka", kafka);
            assertThat(published.exit()).as(published.err()).isZero();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode series = json.readTree(cli.run("telemetry", "query", "--source", "devices/d1", "--metric", "speed",
                    "--since", "10m", "-o", "json").out());
            assertThat(series.get("points")).extracting(p -> p.get("value").asDouble()).containsExactly(1.0, 2.0, 3.0);
        });
        JsonNode stepped = json.readTree(cli.run("telemetry", "query", "--source", "devices/d1", "--metric", "speed",
                "--since", "10m", "--step", "1h", "-o", "json").out());
        assertThat(stepped.get("points")).extracting(p -> p.get("count").asLong()).containsExactly(3L);

        Cli.Result badSource = cli.run("telemetry", "query", "--source", "robots r1", "--metric", "speed");
        assertThat(badSource.exit()).isEqualTo(1);
        assertThat(badSource.err().strip().lines()).hasSize(1);
        assertThat(badSource.err()).doesNotContain("Exception");
        assertThat(cli.run("telemetry", "publish", "--source", "devices/d1", "--metric", "bad metric!", "--value", "1",
                "--kafka", kafka).exit()).isEqualTo(2);
        // A tail sees points as they are stored; it may connect after the first publish, so publish until it has one.
        CompletableFuture<Cli.Result> tail = CompletableFuture.supplyAsync(
                () -> cli.run("telemetry", "tail", "--source", "devices/d2", "--count", "1"));
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            cli.run("telemetry", "publish", "--source", "devices/d2", "--metric", "speed", "--value", "7", "--kafka", kafka);
            return tail.isDone();
        });
        assertThat(tail.get().out()).contains("devices/d2 speed 7");
        JsonNode consumer = json.readTree(cli.run("telemetry", "status", "-o", "json").out());
        assertThat(consumer.get("ingested").asLong()).isGreaterThanOrEqualTo(3);
    }

    /**
     * The seed's robots, run as a job: each binds /robots/rN from wherever it was placed, commands
     * reach it by name through the gateway, a retried command with its key runs once, and its
     * speed arrives as telemetry.
     */
    private void robotsAnsweringByName(Cli cli) throws Exception {
        assertThat(cli.run("role", "create", "robot", "--grant", "write:/robots/", "--grant", "call:/robots/").exit()).isZero();
        assertThat(cli.run("principal", "create", "robots", "--role", "robot").exit()).isZero();
        Cli.Result token = cli.run("token", "create", "--principal", "robots", "--ttl", "1h");
        assertThat(token.exit()).as(token.err()).isZero();
        String robotToken = token.out().trim();

        Cli.Result run = cli.run("job", "run", "--name", "robots", "--replicas", "2", "--cpus", "0.5", "--memory", "256Mi",
                "--env", "COTERIE_TOKEN=" + robotToken, "--env", "COTERIE_ADDR=" + GATEWAY,
                "--env", "COTERIE_KAFKA=127.0.0.1:" + (9092 + OFFSET), "--env", "ROBOT_TELEMETRY_INTERVAL_MS=200",
                "--", "java", "-Xmx64m", "-XX:+UseSerialGC", "-jar", root.resolve("examples/robot-sim/target/robot-sim.jar").toString());
        assertThat(run.exit()).as(run.err()).isZero();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(cli.run("name", "resolve", "/robots/r1").exit()).isZero());

        Cli robots = cli.withToken(robotToken);
        Cli.Result first = robots.run("rpc", "call", "/robots/r1", "speed.increase", "--idempotency-key", "e2e-1", "-o", "json");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(json.readTree(first.out()).get("speed").asInt()).isEqualTo(1);
        Cli.Result retried = robots.run("rpc", "call", "/robots/r1", "speed.increase", "--idempotency-key", "e2e-1", "-o", "json");
        assertThat(json.readTree(retried.out()).get("speed").asInt()).as("a retry with the key runs nothing").isEqualTo(1);
        Cli.Result reused = robots.run("rpc", "call", "/robots/r1", "speed.increase", "--idempotency-key", "e2e-1", "--data", "{\"by\": 2}");
        assertThat(reused.exit()).isEqualTo(1);
        assertThat(reused.err().strip().lines()).hasSize(1);
        assertThat(json.readTree(robots.run("rpc", "call", "/robots/r1", "speed.get", "-o", "json").out()).get("speed").asInt())
                .isEqualTo(1);

        Cli.Result badStep = robots.run("rpc", "call", "/robots/r1", "speed.increase", "--data", "{\"by\": 500}");
        assertThat(badStep.exit()).isEqualTo(1);
        assertThat(badStep.err()).doesNotContain("Exception");
        Cli.Result nobody = robots.run("rpc", "call", "/robots/nobody", "speed.get");
        assertThat(nobody.exit()).isEqualTo(1);
        assertThat(nobody.err().strip().lines()).hasSize(1);
        assertThat(robots.run("rpc", "call", "/robots/r1", "speed.get", "--data", "{not json").exit()).isEqualTo(2);

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonNode speed = json.readTree(cli.run("telemetry", "query", "--source", "robots/r1", "--metric", "speed",
                    "--since", "10m", "-o", "json").out());
            assertThat(speed.get("points")).anyMatch(p -> p.get("value").asDouble() == 1.0);
        });

        assertThat(cli.run("job", "stop", "robots").exit()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> cli.run("name", "resolve", "/robots/r1").exit() == 1);
    }

    /** A job placed by the scheduler, run by the host agents in cgroups, seen by name, logs and usage telemetry. */
    private void jobsOnTheHosts(Cli cli) throws Exception {
        JsonNode hosts = json.readTree(cli.run("host", "ls", "-o", "json").out());
        assertThat(hosts).extracting(h -> h.get("id").asString()).containsExactlyInAnyOrder("h1", "h2");
        assertThat(hosts).allMatch(h -> h.get("status").asString().equals("up"));

        Cli.Result run = cli.run("job", "run", "--name", "hello", "--cpus", "0.2", "--memory", "64Mi", "--replicas", "2", "--",
                "/bin/sh", "-c", "echo hello from the job; exec sleep 120");
        assertThat(run.exit()).as(run.err()).isZero();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode job = json.readTree(cli.run("job", "status", "hello", "-o", "json").out());
            assertThat(job.get("allocations")).hasSize(2).allMatch(a -> a.get("state").asString().equals("running"));
            assertThat(job.get("allocations")).extracting(a -> a.get("host").asString()).as("spread").doesNotHaveDuplicates();
            assertThat(job.get("allocations")).extracting(a -> a.get("pid").asLong()).doesNotHaveDuplicates();
        });
        assertThat(cli.run("name", "resolve", "/jobs/hello/0").exit()).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(cli.run("job", "logs", "hello", "--index", "1").out()).contains("hello from the job"));

        Cli.Result tooBig = cli.run("job", "run", "--name", "too-big", "--memory", "100Gi", "--", "true");
        assertThat(tooBig.exit()).as(tooBig.err()).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(cli.run("job", "status", "too-big").out()).contains("2 hosts: 2 short of memory"));
        Cli.Result badName = cli.run("job", "run", "--name", "Bad_Name", "--", "true");
        assertThat(badName.exit()).isEqualTo(1);
        assertThat(badName.err().strip().lines()).hasSize(1);

        // Each agent publishes its workloads' usage as telemetry.
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonNode usage = json.readTree(cli.run("telemetry", "query", "--source", "jobs/hello/0", "--metric", "memory.bytes",
                    "--since", "10m", "-o", "json").out());
            assertThat(usage.get("points")).isNotEmpty();
        });

        // Host loss: kill h1's agent; its replica is placed on h2 within the lease TTL (10 s) plus a few seconds.
        long agentH1 = Files.readAllLines(state.resolve("dev/pids")).stream().filter(l -> l.endsWith(" agent-h1"))
                .map(l -> Long.parseLong(l.split(" ")[0])).findFirst().orElseThrow();
        ProcessHandle.of(agentH1).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            JsonNode job = json.readTree(cli.run("job", "status", "hello", "-o", "json").out());
            assertThat(job.get("allocations")).hasSize(2).allMatch(a -> a.get("host").asString().equals("h2")
                    && a.get("state").asString().equals("running"));
        });

        assertThat(cli.run("job", "stop", "hello").exit()).isZero();
        assertThat(cli.run("job", "stop", "too-big").exit()).isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> cli.run("job", "status", "hello").exit() == 1);
    }

    @Test
    void aNewUsersFirstSession() throws Exception {
        JavaProcess dev = launch();
        String readyLine = Files.readAllLines(dev.log()).stream().filter(l -> l.startsWith("coterie dev ready")).findFirst().orElseThrow();
        assertThat(readyLine).contains("gateway=" + GATEWAY).contains("telemetry=").contains("kafka=127.0.0.1:" + (9092 + OFFSET));
        assertThat(Files.readString(state.resolve("dev/token")).trim()).hasSizeGreaterThan(16);
        Cli cli = cli();

        JsonNode status = json.readTree(cli.run("cluster", "status", "-o", "json").out());
        assertThat(status.get("leader").isNull()).isFalse();
        assertThat(status.get("term").asLong()).isPositive();
        assertThat(status.get("commitIndex").asLong()).isNotNegative();
        assertThat(status.get("members")).hasSize(3);
        assertThat(status.get("members").get(0).has("address")).isTrue();
        assertThat(status.get("members").get(0).has("role")).isTrue();

        Cli.Result put = cli.run("kv", "put", "app/greeting", "hello world");
        assertThat(put.exit()).as(put.err()).isZero();
        long revision = Long.parseLong(put.out().trim());
        assertThat(cli.run("kv", "get", "app/greeting").out().trim()).isEqualTo("hello world");
        JsonNode kv = json.readTree(cli.run("kv", "get", "app/greeting", "-o", "json").out());
        assertThat(kv.get("key").asString()).isEqualTo("app/greeting");
        assertThat(kv.get("value").asString()).isEqualTo("hello world");
        assertThat(kv.get("modRevision").asLong()).isEqualTo(revision);
        assertThat(kv.get("createRevision").asLong()).isEqualTo(revision);
        assertThat(kv.get("revision").asLong()).isGreaterThanOrEqualTo(revision);

        assertThat(cli.run("kv", "put", "app/greeting", "stale", "--if-revision", Long.toString(revision + 100)).exit()).isEqualTo(1);
        assertThat(cli.run("kv", "put", "app/greeting", "fresh", "--if-revision", Long.toString(revision)).exit()).isZero();

        Cli.Result missing = cli.run("kv", "get", "no/such/key");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err().strip().lines()).hasSize(1).allMatch(l -> l.startsWith("coterie: "));
        assertThat(missing.out()).isEmpty();
        assertThat(cli.run("kv", "put").exit()).as("a usage error").isEqualTo(2);
        Cli.Result badKey = cli.run("kv", "put", "/absolute", "x");
        assertThat(badKey.exit()).isEqualTo(1);
        assertThat(badKey.err()).doesNotContain("Exception");
        Cli.Result forged = cli.withToken("not-the-token").run("kv", "get", "app/greeting");
        assertThat(forged.exit()).isEqualTo(1);
        assertThat(forged.err()).contains("token");

        cli.run("kv", "put", "app/second", "2");
        JsonNode list = json.readTree(cli.run("kv", "ls", "app/", "-o", "json").out());
        assertThat(list).extracting(n -> n.get("key").asString()).containsExactly("app/greeting", "app/second");

        Cli.Result watched = cli.run("kv", "watch", "app/", "--from-revision", Long.toString(revision), "--count", "3", "-o", "json");
        assertThat(watched.exit()).as(watched.err()).isZero();
        assertThat(watched.out().strip().lines()).hasSize(3).allMatch(l -> l.contains("\"key\":\"app/"));

        JsonNode bench = json.readTree(cli.run("bench", "kv", "--clients", "4", "--ops", "100", "-o", "json").out());
        for (String field : List.of("ops", "seconds", "opsPerSecond", "p50Ms", "p99Ms", "errors")) {
            assertThat(bench.has(field)).as(field).isTrue();
        }
        assertThat(bench.get("errors").asLong()).isZero();

        namesIdsAndScopedTokens(cli);
        telemetryFromKafkaToQueries(cli);
        robotsAnsweringByName(cli);
        jobsOnTheHosts(cli);

        // A second platform on the same state is refused while the first runs.
        JavaProcess second = JavaProcess.ofJar("dev2", root.resolve("services/dev/target/dev.jar"),
                List.of("--root", root.toString(), "--state", state.resolve("dev").toString(), "--port-offset", Integer.toString(OFFSET)),
                Map.of(), state.resolve("second.log"), null).start();
        launched.add(second);
        await().atMost(Duration.ofMinutes(1)).until(() -> !second.isAlive());
        assertThat(Files.readString(second.log())).contains("already running");

        // SIGTERM stops every service cleanly; a restart finds the state again.
        List<Long> pids = servicePids();
        dev.stop(Duration.ofMinutes(1));
        assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertThat(Files.readString(dev.log())).contains("coterie dev stopped");

        JavaProcess again = launch();
        assertThat(cli().run("kv", "get", "app/greeting").out().trim()).isEqualTo("fresh");
        JsonNode kept = json.readTree(cli().run("telemetry", "query", "--source", "devices/d1", "--metric", "speed",
                "--since", "1h", "-o", "json").out());
        assertThat(kept.get("points")).as("telemetry survives a restart").hasSize(3);
        again.stop(Duration.ofMinutes(1));

        JavaProcess fresh = launch("--fresh");
        assertThat(cli().run("kv", "get", "app/greeting").exit()).as("--fresh starts from nothing").isEqualTo(1);
        fresh.stop(Duration.ofMinutes(1));
    }
}
