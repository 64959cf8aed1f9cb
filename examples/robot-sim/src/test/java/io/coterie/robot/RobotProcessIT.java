package io.coterie.robot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.kafka.embedded.KraftBroker;
import io.coterie.rpc.RpcOutcome;
import io.coterie.rpc.StubGateway;
import io.coterie.rpc.client.CallOptions;
import io.coterie.rpc.client.RpcClient;
import io.coterie.rpc.client.RpcResult;
import io.coterie.telemetry.client.TelemetryWire;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The robot as a process ({@code java -jar robot-sim.jar}) against a stand-in gateway (JWKS,
 * sessions, names) and a real Kafka broker: ready line, commands by name, telemetry, SIGTERM.
 */
class RobotProcessIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern READY = Pattern.compile("robot r5 ready rpc=http://127\\.0\\.0\\.1:(\\d+) name=/robots/r5");

    @TempDir
    Path dir;

    private final StubGateway gateway = new StubGateway();
    private KraftBroker kafka;
    private Process robot;

    @AfterEach
    void stop() throws Exception {
        if (robot != null && robot.isAlive()) {
            robot.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (kafka != null) {
            kafka.close();
        }
        gateway.close();
    }

    @Test
    void serves_commands_by_name_publishes_telemetry_and_leaves_on_sigterm() throws Exception {
        kafka = new KraftBroker(dir.resolve("kafka"), freePort(), freePort()).start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TelemetryWire.TOPIC, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        Path log = dir.resolve("robot.log");
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx128m", "-XX:+UseSerialGC", "-jar", System.getProperty("robot.jar"))
                .redirectError(log.toFile());
        builder.environment().putAll(Map.of("COTERIE_ADDR", gateway.address().toString(),
                "COTERIE_TOKEN", gateway.ownToken(), "COTERIE_KAFKA", kafka.bootstrapServers(), "ROBOT_ID", "r5",
                "ROBOT_TELEMETRY_INTERVAL_MS", "100", "ROBOT_SPOOL_DIR", dir.resolve("spool").toString()));
        robot = builder.start();
        List<String> stdout = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(robot.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(stdout::add);
            } catch (Exception e) {
                // the process is gone
            }
        });
        reader.start();

        await().atMost(Duration.ofSeconds(60)).failFast(() -> !robot.isAlive())
                .until(() -> stdout.stream().anyMatch(line -> READY.matcher(line).matches()));
        Matcher ready = READY.matcher(stdout.get(0));
        assertThat(ready.matches()).as("stdout: %s; log: %s", stdout, read(log)).isTrue();
        assertThat(gateway.entry("/robots/r5")).contains("\"port\":" + ready.group(1)).contains("coterie/1");

        try (RpcClient client = RpcClient.create(gateway.address(), gateway.token("alice", "call:/robots/"))) {
            CallOptions keyed = CallOptions.DEFAULT.withKey("k1");
            RpcResult first = client.call("/robots/r5", "speed.increase", new byte[0], keyed);
            RpcResult again = client.call("/robots/r5", "speed.increase", new byte[0], keyed);
            assertThat(first.json().path("speed").asLong()).as(first.toString()).isEqualTo(1);
            assertThat(again.json().path("speed").asLong()).isEqualTo(1);
            assertThat(again.replayed()).isTrue();

            assertThat(call(client, "speed.increase", "{\"by\":2}").path("speed").asLong()).isEqualTo(3);
            RpcResult refused = client.call("/robots/r5", "speed.increase", "{\"by\":0}".getBytes(StandardCharsets.UTF_8),
                    CallOptions.DEFAULT);
            assertThat(refused.outcome()).isEqualTo(RpcOutcome.REJECTED);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(call(client, "speed.get", null).path("speed").asLong()).isEqualTo(3);
            await().atMost(Duration.ofSeconds(10)).until(() -> call(client, "position.get", null).path("position").asDouble() > 0);

            RpcResult stranger = client.call("/robots/r5", "speed.get", new byte[0], CallOptions.DEFAULT);
            assertThat(stranger.executed()).isTrue();
        }
        try (RpcClient outsider = RpcClient.create(gateway.address(), gateway.token("eve", "read:/robots/"))) {
            assertThat(outsider.call("/robots/r5", "speed.increase", new byte[0], CallOptions.DEFAULT).status()).isEqualTo(403);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> maxSpeedPublished() == 3);

        robot.destroy(); // SIGTERM
        assertThat(robot.waitFor(30, TimeUnit.SECONDS)).as(read(log)).isTrue();
        reader.join(5_000);

        assertThat(robot.exitValue()).isEqualTo(143);
        assertThat(gateway.entry("/robots/r5")).as("unbound on SIGTERM").isNull();
        assertThat(stdout).as("stdout carries only the ready line").hasSize(1);
        assertThat(points()).extracting(point -> point.path("metric").asString()).contains("speed", "position");
    }

    private static JsonNode call(RpcClient client, String method, String argument) {
        RpcResult result = client.call("/robots/r5", method,
                argument == null ? new byte[0] : argument.getBytes(StandardCharsets.UTF_8), CallOptions.DEFAULT);
        assertThat(result.executed()).as(result.toString()).isTrue();
        return result.json();
    }

    private double maxSpeedPublished() {
        return points().stream().filter(p -> p.path("metric").asString().equals("speed"))
                .mapToDouble(p -> p.path("value").asDouble()).max().orElse(-1);
    }

    /** Every point on the topic so far, all of source robots/r5. */
    private List<JsonNode> points() {
        Properties settings = new Properties();
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        List<JsonNode> points = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(TelemetryWire.TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode point = JSON.readTree(record.value());
                    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("robots/r5");
                    assertThat(point.path("source").asString()).isEqualTo("robots/r5");
                    points.add(point);
                }
            }
        }
        return points;
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (Exception e) {
            return "(unreadable log: " + e + ")";
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
