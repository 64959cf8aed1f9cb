package io.coterie.cli.lease;

import static io.coterie.cli.testing.StubServer.Response.json;
import static io.coterie.cli.testing.StubServer.Response.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.cli.core.Json;
import io.coterie.cli.testing.Cli;
import io.coterie.cli.testing.Cli.Result;
import io.coterie.cli.testing.StubServer;
import io.coterie.cli.testing.StubServer.Request;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class LeaseCommandsTest {

    private final StubServer server = new StubServer();

    LeaseCommandsTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void grantPostsTheTtlAndPrintsTheId() {
        server.answer(r -> json(200, "{\"id\":7587,\"ttlSeconds\":10}"));

        Result result = Cli.against(server, "lease", "grant", "10");

        assertThat(result.out()).isEqualTo("7587\n");
        Request request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/v1/leases");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(Json.mapper().readTree(request.bodyText())).isEqualTo(Json.mapper().readTree("{\"ttlSeconds\":10}"));
    }

    @Test
    void keepaliveOnceRenewsOnce() {
        server.answer(r -> json(200, "{\"id\":5,\"ttlSeconds\":10}"));

        Result result = Cli.against(server, "lease", "keepalive", "5", "--once");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("renewed lease 5 for 10s\n");
        assertThat(server.onlyRequest().method()).isEqualTo("POST");
        assertThat(server.onlyRequest().rawPath()).isEqualTo("/v1/leases/5/keepalive");
    }

    @Test
    void keepaliveGoesOnThroughHiccupsUntilTheLeaseIsGone() {
        AtomicInteger calls = new AtomicInteger();
        server.answer(r -> switch (calls.incrementAndGet()) {
            case 1, 3 -> json(200, "{\"id\":5,\"ttlSeconds\":1}");
            case 2 -> problem(503, "no-quorum", "no quorum right now");
            default -> problem(404, "lease-not-found", "lease 5 not found");
        });

        Result result = Cli.against(server, "lease", "keepalive", "5", "--interval", "100ms", "-o", "json");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("{\"id\":5,\"ttlSeconds\":1}\n{\"id\":5,\"ttlSeconds\":1}\n");
        assertThat(result.err()).contains("coterie: no quorum right now; trying again in 100ms")
                .endsWith("coterie: lease 5 not found\n");
        assertThat(calls).hasValue(4);
    }

    @Test
    void revokeListAndGet() {
        server.answer(r -> switch (r.method() + " " + r.target()) {
            case "DELETE /v1/leases/5" -> json(200, "{\"revision\":30,\"deleted\":2}");
            case "GET /v1/leases" -> json(200, "{\"ids\":[5,6]}");
            case "GET /v1/leases/5?keys=true" -> json(200, "{\"id\":5,\"ttlSeconds\":10,\"remainingMillis\":9000,\"keys\":[\"a\"]}");
            default -> problem(404, "not-found", "no route " + r.target());
        });

        assertThat(Cli.against(server, "lease", "revoke", "5").out()).isEqualTo("2\n");
        assertThat(Cli.against(server, "lease", "ls").out()).isEqualTo("5\n6\n");
        assertThat(Json.mapper().readTree(Cli.against(server, "lease", "ls", "-o", "json").out()))
                .isEqualTo(Json.mapper().readTree("{\"ids\":[5,6]}"));
        assertThat(Cli.against(server, "lease", "get", "5", "--keys").out()).isEqualTo("""
                id:        5
                ttl:       10s
                remaining: 9000ms
                keys:
                  a
                """);
    }

    @Test
    void aGoneLeaseExitsOne() {
        server.answer(r -> problem(404, "lease-not-found", "lease 9 not found"));

        Result result = Cli.against(server, "lease", "get", "9");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("coterie: lease 9 not found");
    }
}
