package io.coterie.cli.telemetry;

import static io.coterie.cli.testing.StubServer.Response.json;
import static io.coterie.cli.testing.StubServer.Response.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.cli.testing.Cli;
import io.coterie.cli.testing.Cli.Result;
import io.coterie.cli.testing.StubServer;
import io.coterie.cli.testing.StubServer.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TelemetryCommandsTest {

    private static final String RAW = "{\"source\":\"robots/r1\",\"metric\":\"speed\",\"from\":\"2026-11-29T10:00:00Z\","
            + "\"to\":\"2026-11-29T10:15:00Z\",\"truncated\":true,\"points\":["
            + "{\"t\":\"2026-11-29T10:00:01Z\",\"value\":3.0,\"producer\":\"r1.ab\",\"seq\":0,\"labels\":{\"unit\":\"m/s\"}},"
            + "{\"t\":\"2026-11-29T10:00:02Z\",\"value\":3.5,\"producer\":\"r1.ab\",\"seq\":1,\"labels\":{}}]}";
    private static final String STEPPED = "{\"source\":\"robots/r1\",\"metric\":\"speed\",\"step\":\"PT1M\",\"points\":["
            + "{\"t\":\"2026-11-29T10:00:00Z\",\"count\":60,\"min\":1.0,\"max\":4.0,\"avg\":2.5,\"sum\":150.0}]}";

    private final StubServer server = new StubServer();

    TelemetryCommandsTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void queryPrintsRawPointsAndSaysWhenTheAnswerWasCut() {
        server.answer(r -> json(200, RAW));

        Result result = Cli.against(server, "telemetry", "query", "--source", "robots/r1", "--metric", "speed", "--since", "15m");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("2026-11-29T10:00:01Z").contains("unit=m/s").contains("3.5")
                .contains("more points in the range");
        assertThat(server.onlyRequest().target())
                .isEqualTo("/v1/telemetry/series?source=robots%2Fr1&metric=speed&since=PT15M");
    }

    @Test
    void queryWithAStepPrintsOneLinePerStepAndJsonPassesTheAnswerThrough() {
        server.answer(r -> json(200, STEPPED));

        Result table = Cli.against(server, "telemetry", "query", "--source", "robots/r1", "--metric", "speed", "--step", "1m");
        Result json = Cli.against(server, "telemetry", "query", "--source", "robots/r1", "--metric", "speed", "--step", "1m",
                "-o", "json");

        assertThat(table.out()).contains("COUNT").contains("60").contains("2.5");
        assertThat(server.requests().get(0).target()).endsWith("&step=PT1M");
        assertThat(json.out()).contains("\"count\" : 60");
    }

    @Test
    void badArgumentsAreUsageErrorsAndAServiceRefusalIsOneLine() {
        assertThat(Cli.against(server, "telemetry", "query", "--source", "s", "--metric", "m", "--step", "10ms").exit()).isEqualTo(2);
        assertThat(Cli.against(server, "telemetry", "query", "--source", "s", "--metric", "m", "--limit", "0").exit()).isEqualTo(2);
        assertThat(Cli.against(server, "telemetry", "query", "--source", "s").exit()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();

        server.answer(r -> problem(400, "invalid-argument", "source must match [A-Za-z0-9._/-]+"));
        Result refused = Cli.against(server, "telemetry", "query", "--source", "bad source", "--metric", "m");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("source must match").doesNotContain("Exception");
        assertThat(refused.err().lines()).hasSize(1);
    }

    @Test
    void tailPrintsPointsAsTheyArriveAndWarnsWhenItFellBehind() {
        server.answer(r -> Response.stream(out -> {
            send(out, ": keep-alive\n\n");
            send(out, "event: point\ndata: {\"t\":\"2026-11-29T10:00:01Z\",\"source\":\"robots/r1\",\"metric\":\"speed\","
                    + "\"value\":3.0,\"labels\":{}}\n\n");
            send(out, "event: lagged\ndata: {\"skipped\":12}\n\n");
            send(out, "event: point\ndata: {\"t\":\"2026-11-29T10:00:02Z\",\"source\":\"robots/r1\",\"metric\":\"pos\","
                    + "\"value\":1.5,\"labels\":{\"axis\":\"x\"}}\n\n");
        }));

        Result result = Cli.against(server, "telemetry", "tail", "--source", "robots/r1", "--count", "2");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("2026-11-29T10:00:01Z robots/r1 speed 3 -\n"
                + "2026-11-29T10:00:02Z robots/r1 pos 1.5 axis=x\n");
        assertThat(result.err()).contains("fell behind");
        assertThat(server.requests().get(0).target()).isEqualTo("/v1/telemetry/tail?source=robots%2Fr1");
    }

    @Test
    void aTailWhoseStreamEndsReconnectsAndGoesOn() {
        java.util.concurrent.atomic.AtomicInteger connection = new java.util.concurrent.atomic.AtomicInteger();
        server.answer(r -> Response.stream(out -> send(out, "event: point\ndata: {\"t\":\"2026-11-29T10:00:0"
                + connection.incrementAndGet() + "Z\",\"source\":\"robots/r1\",\"metric\":\"speed\",\"value\":1,\"labels\":{}}\n\n")));

        Result result = Cli.against(server, "telemetry", "tail", "--source", "robots/r1", "--count", "2");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out().lines()).containsExactly("2026-11-29T10:00:01Z robots/r1 speed 1 -", "2026-11-29T10:00:02Z robots/r1 speed 1 -");
        assertThat(result.err()).contains("the tail stream ended; reconnecting");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aTailRefusedAtOnceFailsInOneLine() {
        server.answer(r -> problem(403, "forbidden", "the token does not grant read on '/robots/r1'"));

        Result result = Cli.against(server, "telemetry", "tail", "--source", "robots/r1");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void statusShowsTheConsumersProgressPerPartition() {
        server.answer(r -> json(200, "{\"lag\":5,\"partitions\":[{\"partition\":0,\"nextOffset\":10,\"endOffset\":15,\"lag\":5}],"
                + "\"ingested\":10,\"duplicates\":1,\"deadLettered\":2,\"consumer\":\"running\",\"brokerReachable\":true}"));

        Result result = Cli.against(server, "telemetry", "status");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("ingested:").contains("deadLettered:").contains("PARTITION");
        assertThat(result.out().lines().filter(l -> l.startsWith("0 "))).singleElement().asString().contains("15").contains("5");
        assertThat(server.onlyRequest().target()).isEqualTo("/v1/telemetry/status");
    }

    @Test
    void publishRefusesABadPointBeforeTouchingKafka() {
        Result result = new Cli().env("COTERIE_KAFKA", "127.0.0.1:1")
                .run("telemetry", "publish", "--source", "robots r1", "--metric", "speed", "--value", "1");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("source");

        assertThat(new Cli().run("telemetry", "publish", "--source", "s", "--metric", "m", "--value", "1", "--label", "nokey")
                .exit()).isEqualTo(2);
    }

    @Test
    void publishFailsInOneLineWhenNoBrokerAnswers() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Result result = new Cli().run("telemetry", "publish", "--source", "robots/r1", "--metric", "speed", "--value", "1",
                "--kafka", "127.0.0.1:" + closed, "--timeout", "3s");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("did not acknowledge").doesNotContain("Exception");
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
