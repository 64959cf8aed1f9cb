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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

@Timeout(30)
class BenchNamesTest {

    private final StubServer server = new StubServer();

    BenchNamesTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void bindsTheNamesFirstThenMeasuresResolves() {
        server.answer(r -> json(200, "{\"kind\":\"service\",\"path\":\"/bench/names/0\",\"revision\":1}"));

        Result result = Cli.against(server, "bench", "names", "--clients", "2", "--ops", "12", "--names", "3", "--warmup", "2",
                "-o", "json");

        assertThat(result.exit()).isZero();
        JsonNode report = Json.mapper().readTree(result.out());
        assertThat(report.get("ops").asLong()).isEqualTo(12);
        assertThat(report.get("mode").asString()).isEqualTo("resolve");
        assertThat(report.get("keys").asLong()).isEqualTo(3);
        assertThat(report.get("errors").asLong()).isZero();
        assertThat(report.get("opsPerSecond").asDouble()).isPositive();

        assertThat(server.requests()).hasSize(3 + 2 + 12);
        assertThat(server.requests().subList(0, 3)).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.rawPath()).matches("/v1/names/bench/names/[0-2]");
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(Json.mapper().readTree(r.bodyText()).get("kind").asString()).isEqualTo("service");
        });
        assertThat(server.requests().subList(3, 17)).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.rawPath()).matches("/v1/names/bench/names/[0-2]");
            assertThat(r.header("Authorization")).isEqualTo("Bearer test-token");
        });
        assertThat(server.requests().subList(5, 17).stream().map(Request::rawPath).distinct()).hasSize(3);
        assertThat(result.err()).contains("coterie: writing 3 names to resolve");
    }

    @Test
    void nothingBoundIsExitOneBeforeMeasuring() {
        server.answer(r -> problem(403, "forbidden", "write on /bench/names/0 is not granted"));

        Result result = Cli.against(server, "bench", "names", "--names", "2", "--ops", "5");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(server.requests()).hasSize(2);
        assertThat(result.errLines()).hasSize(2);
        assertThat(result.errLines()[0]).isEqualTo("coterie: writing 2 names to resolve");
        assertThat(result.errLines()[1]).startsWith("coterie: could not write any of the 2 names to resolve: PUT /v1/names/bench/names/")
                .contains("HTTP 403");
    }

    @Test
    void aRelativePrefixIsRefused() {
        assertThat(Cli.against(server, "bench", "names", "--name-prefix", "bench/").exit()).isEqualTo(1);
        assertThat(server.requests()).isEmpty();
    }
}
