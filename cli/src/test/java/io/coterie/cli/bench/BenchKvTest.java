package io.coterie.cli.bench;

import static io.coterie.cli.testing.StubServer.Response.json;
import static io.coterie.cli.testing.StubServer.Response.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.cli.core.Json;
import io.coterie.cli.testing.Cli;
import io.coterie.cli.testing.Cli.Result;
import io.coterie.cli.testing.StubServer;
import io.coterie.cli.testing.StubServer.Request;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

@Timeout(30)
class BenchKvTest {

    private final StubServer server = new StubServer();

    BenchKvTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void writesSpreadOverTheKeysAndReportsAsOneJsonDocument() {
        server.answer(r -> json(200, "{\"key\":\"x\",\"revision\":1}"));

        Result result = Cli.against(server, "bench", "kv", "--clients", "3", "--ops", "30", "--value-size", "16",
                "--keys", "5", "--warmup", "0", "-o", "json");

        assertThat(result.exit()).isZero();
        JsonNode report = Json.mapper().readTree(result.out());
        assertThat(report.get("ops").asLong()).isEqualTo(30);
        assertThat(report.get("errors").asLong()).isZero();
        assertThat(report.get("clients").asInt()).isEqualTo(3);
        assertThat(report.get("valueSize").asInt()).isEqualTo(16);
        assertThat(report.get("mode").asString()).isEqualTo("write");
        assertThat(report.get("target").asString()).isEqualTo("coterie");
        assertThat(report.get("opsPerSecond").asDouble()).isPositive();
        assertThat(report.get("p50Ms").asDouble()).isPositive();
        assertThat(report.has("p99Ms") && report.has("p999Ms") && report.has("maxMs") && report.has("seconds")).isTrue();

        assertThat(server.requests()).hasSize(30).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.rawPath()).matches("/v1/kv/bench/[0-4]");
            assertThat(r.body()).hasSize(16);
            assertThat(r.header("Authorization")).isEqualTo("Bearer test-token");
        });
        assertThat(server.requests().stream().map(Request::rawPath).distinct()).hasSize(5);
    }

    @Test
    void readModesWriteEveryKeyFirstThenRead() {
        server.answer(r -> json(200, "{\"key\":\"x\",\"value\":\"v\",\"revision\":1,\"modRevision\":1,\"createRevision\":1,\"version\":1}"));

        Result result = Cli.against(server, "bench", "kv", "--clients", "2", "--ops", "10", "--keys", "4", "--mode", "stale",
                "--warmup", "2");

        assertThat(result.exit()).isZero();
        assertThat(server.requests()).hasSize(4 + 2 + 10);
        assertThat(server.requests().subList(0, 4)).allSatisfy(r -> assertThat(r.method()).isEqualTo("PUT"));
        assertThat(server.requests().subList(4, 16)).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.rawQuery()).isEqualTo("stale=true");
        });
        assertThat(result.out()).contains("mode:         stale\n", "ops:          10\n");
    }

    @Test
    void errorsAreCountedNotFatal() {
        AtomicInteger calls = new AtomicInteger();
        server.answer(r -> calls.incrementAndGet() % 2 == 0 ? problem(503, "no-quorum", "busy") : json(200, "{}"));

        Result result = Cli.against(server, "bench", "kv", "--clients", "1", "--ops", "10", "--warmup", "0", "-o", "json");

        assertThat(result.exit()).isZero();
        assertThat(Json.mapper().readTree(result.out()).get("errors").asLong()).isEqualTo(5);
        assertThat(result.err()).contains("5 of 10 operations failed").contains("HTTP 503");
    }

    @Test
    void everyOperationFailingExitsOne() {
        server.answer(r -> problem(401, "unauthorized", "the token is not valid"));

        Result result = Cli.against(server, "bench", "kv", "--ops", "4", "--warmup", "0", "-o", "json");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(Json.mapper().readTree(result.out()).get("errors").asLong()).isEqualTo(4);
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.err()).startsWith("coterie: every one of the 4 operations failed; the first: PUT /v1/kv/bench/")
                .contains("HTTP 401");
    }

    @Test
    void etcdTargetUsesTheJsonGatewayRoundRobinOverAddresses() throws IOException {
        try (StubServer second = new StubServer()) {
            // The first server holds its first read until the second has one: which client takes
            // which operation is up to the scheduler, but this way both must have taken some.
            java.util.concurrent.CountDownLatch secondRead = new java.util.concurrent.CountDownLatch(1);
            server.answer(r -> {
                if (r.rawPath().equals("/v3/kv/range")) {
                    try {
                        secondRead.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return json(200, "{}");
            });
            second.answer(r -> {
                if (r.rawPath().equals("/v3/kv/range")) {
                    secondRead.countDown();
                }
                return json(200, "{}");
            });

            Result result = new Cli().env("COTERIE_TOKEN", "never-sent-to-etcd").run("bench", "kv", "--target", "etcd",
                    "--address", server.address() + "," + second.address(), "--clients", "2", "--ops", "8", "--keys", "2",
                    "--mode", "stale", "--warmup", "0", "--value-size", "3");

            assertThat(result.exit()).isZero();
            assertThat(server.requests()).isNotEmpty();
            assertThat(second.requests()).isNotEmpty();
            Request populate = server.requests().get(0);
            assertThat(populate.rawPath()).isEqualTo("/v3/kv/put");
            String key = base64("bench/0");
            // The keys are written by the clients too, so bench/0 may have gone to either server.
            java.util.List<Request> both = new java.util.ArrayList<>(server.requests());
            both.addAll(second.requests());
            assertThat(both).anySatisfy(r -> assertThat(Json.mapper().readTree(r.bodyText()))
                    .isEqualTo(Json.mapper().readTree("{\"key\":\"" + key + "\",\"value\":\"" + base64("abc") + "\"}")));
            assertThat(second.requests()).filteredOn(r -> r.rawPath().equals("/v3/kv/range")).isNotEmpty()
                    .allSatisfy(r -> assertThat(Json.mapper().readTree(r.bodyText()).get("serializable").asBoolean()).isTrue());
            assertThat(server.requests()).allSatisfy(r -> assertThat(r.header("Authorization")).isNull());
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
