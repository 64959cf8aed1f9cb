package io.coterie.cli.bench;

import static io.coterie.cli.testing.StubServer.Response.json;
import static io.coterie.cli.testing.StubServer.Response.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.cli.core.Json;
import io.coterie.cli.testing.Cli;
import io.coterie.cli.testing.Cli.Result;
import io.coterie.cli.testing.StubServer;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

@Timeout(30)
class BenchIdTest {

    private final StubServer server = new StubServer();

    BenchIdTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void postsCountedRequestsAndReportsIdsPerSecond() {
        server.answer(r -> json(200, "{\"count\":50,\"ranges\":[{\"first\":1,\"count\":50}]}"));

        Result result = Cli.against(server, "bench", "id", "--clients", "3", "--requests", "20", "--count", "50", "--warmup", "4",
                "-o", "json");

        assertThat(result.exit()).isZero();
        JsonNode report = Json.mapper().readTree(result.out());
        assertThat(report.get("ops").asLong()).isEqualTo(20);
        assertThat(report.get("count").asLong()).isEqualTo(50);
        assertThat(report.get("errors").asLong()).isZero();
        assertThat(report.get("clients").asInt()).isEqualTo(3);
        assertThat(report.get("opsPerSecond").asDouble()).isPositive();
        assertThat(report.get("idsPerSecond").asDouble()).isCloseTo(report.get("opsPerSecond").asDouble() * 50,
                org.assertj.core.api.Assertions.withinPercentage(1));
        assertThat(report.has("seconds") && report.has("p50Ms") && report.has("p99Ms")).isTrue();
        assertThat(server.requests()).hasSize(24).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.target()).isEqualTo("/v1/ids?count=50");
            assertThat(r.header("Authorization")).isEqualTo("Bearer test-token");
        });
    }

    @Test
    void opsIsAnotherNameForRequestsAndTheTableCarriesTheSameFields() {
        server.answer(r -> json(200, "{\"count\":1,\"ranges\":[{\"first\":1,\"count\":1}]}"));

        Result result = Cli.against(server, "bench", "id", "--ops", "5", "--warmup", "0");

        assertThat(result.exit()).isZero();
        assertThat(server.requests()).hasSize(5);
        assertThat(result.out()).contains("ops:          5\n", "count:        1\n", "idsPerSecond: ");
    }

    @Test
    void everyRequestFailingExitsOneAndSomeFailingIsReported() {
        AtomicInteger calls = new AtomicInteger();
        server.answer(r -> calls.incrementAndGet() % 2 == 0 ? problem(503, "unavailable", "starting") : json(200, "{}"));

        Result some = Cli.against(server, "bench", "id", "--clients", "1", "--requests", "10", "--warmup", "0", "-o", "json");
        server.answer(r -> problem(401, "unauthorized", "the token is not valid"));
        Result all = Cli.against(server, "bench", "id", "--requests", "4", "--warmup", "0", "-o", "json");

        assertThat(some.exit()).isZero();
        assertThat(some.err()).contains("5 of 10 operations failed").contains("HTTP 503");
        assertThat(all.exit()).isEqualTo(1);
        assertThat(Json.mapper().readTree(all.out()).get("errors").asLong()).isEqualTo(4);
        assertThat(all.errLines()).hasSize(1);
        assertThat(all.err()).startsWith("coterie: every one of the 4 operations failed; the first: POST /v1/ids?count=1 answered HTTP 401");
    }

    @Test
    void badShapesAreUsageErrors() {
        assertThat(Cli.against(server, "bench", "id", "--count", "0").exit()).isEqualTo(2);
        assertThat(Cli.against(server, "bench", "id", "--clients", "0").exit()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();
    }
}
