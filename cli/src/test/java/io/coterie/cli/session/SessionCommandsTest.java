package io.coterie.cli.session;

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
class SessionCommandsTest {

    private final StubServer server = new StubServer();

    SessionCommandsTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void grantPostsTheTtlAndPrintsTheId() {
        server.answer(r -> json(200, "{\"id\":7587,\"ttlSeconds\":10}"));

        Result result = Cli.against(server, "session", "grant", "10");

        assertThat(result.out()).isEqualTo("7587\n");
        Request request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/v1/sessions");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(Json.mapper().readTree(request.bodyText())).isEqualTo(Json.mapper().readTree("{\"ttlSeconds\":10}"));
    }

    @Test
    void keepaliveOnceRenewsOnce() {
        server.answer(r -> json(200, "{\"id\":5,\"ttlSeconds\":10}"));

        Result text = Cli.against(server, "session", "keepalive", "5", "--once");
        Result json = Cli.against(server, "session", "keepalive", "5", "--once", "-o", "json");

        assertThat(text.out()).isEqualTo("renewed session 5 for 10s\n");
        assertThat(json.out()).isEqualTo("{\"id\":5,\"ttlSeconds\":10}\n");
        assertThat(server.requests()).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.rawPath()).isEqualTo("/v1/sessions/5/keepalive");
        });
    }

    @Test
    void keepaliveGoesOnThroughHiccupsUntilTheSessionIsGone() {
        AtomicInteger calls = new AtomicInteger();
        server.answer(r -> switch (calls.incrementAndGet()) {
            case 1, 3 -> json(200, "{\"id\":5,\"ttlSeconds\":1}");
            case 2 -> problem(503, "no-quorum", "no quorum right now");
            default -> problem(404, "lease-not-found", "session 5 not found");
        });

        Result result = Cli.against(server, "session", "keepalive", "5", "--interval", "100ms");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("renewed session 5 for 1s\nrenewed session 5 for 1s\n");
        assertThat(result.err()).contains("coterie: no quorum right now; trying again in 100ms")
                .endsWith("coterie: session 5 not found\n");
    }

    @Test
    void revokeDeletesTheSessionAndPrintsHowManyEntriesWent() {
        server.answer(r -> json(200, "{\"revision\":30,\"deleted\":2}"));

        Result result = Cli.against(server, "session", "revoke", "5");

        assertThat(result.out()).isEqualTo("2\n");
        assertThat(server.onlyRequest().method()).isEqualTo("DELETE");
        assertThat(server.onlyRequest().rawPath()).isEqualTo("/v1/sessions/5");
    }

    @Test
    void aGoneSessionExitsOne() {
        server.answer(r -> problem(404, "lease-not-found", "session 9 not found"));

        Result result = Cli.against(server, "session", "revoke", "9");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("coterie: session 9 not found");
    }
}
