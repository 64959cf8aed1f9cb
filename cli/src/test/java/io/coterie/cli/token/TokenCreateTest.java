package io.coterie.cli.token;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class TokenCreateTest {

    private static final String ISSUED = "{\"token\":\"eyJhbGciOiJFUzI1NiJ9.e30.sig\",\"principal\":\"ci\","
            + "\"expiresAt\":\"2025-01-01T01:00:00Z\",\"grants\":[\"read:/apps/\"]}";

    private final StubServer server = new StubServer();

    TokenCreateTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Cli withStdin(String stdin) {
        return new Cli().env("COTERIE_ADDR", server.address()).env("COTERIE_TOKEN", "the-callers-token")
                .stdin(stdin.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void loginSendsBasicCredentialsFromStdinInsteadOfTheBearerToken() {
        server.answer(r -> json(200, ISSUED));

        Result result = withStdin("pa:ss wörd\n").run("token", "create", "--login", "ci", "--secret-stdin");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("eyJhbGciOiJFUzI1NiJ9.e30.sig\n");
        Request request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/v1/tokens");
        assertThat(request.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Authorization"))
                .flatMap(e -> e.getValue().stream())).containsExactly("Basic "
                + Base64.getEncoder().encodeToString("ci:pa:ss wörd".getBytes(StandardCharsets.UTF_8)));
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(Json.mapper().readTree(request.bodyText())).isEqualTo(Json.mapper().readTree("{}"));
    }

    @Test
    void anAdminAsksForAnotherPrincipalsTokenWithItsOwn() {
        server.answer(r -> json(200, ISSUED));

        Result result = Cli.against(server, "token", "create", "--principal", "ci", "--ttl", "10m", "-o", "json");

        assertThat(Json.mapper().readTree(result.out())).isEqualTo(Json.mapper().readTree(ISSUED));
        Request request = server.onlyRequest();
        assertThat(request.header("Authorization")).isEqualTo("Bearer test-token");
        assertThat(Json.mapper().readTree(request.bodyText()))
                .isEqualTo(Json.mapper().readTree("{\"principal\":\"ci\",\"ttlSeconds\":600}"));
    }

    @Test
    void theSecretComesFromStdinOnly() {
        assertThat(withStdin("x").run("token", "create", "--login", "ci").err())
                .startsWith("coterie: --login reads the secret from stdin only: add --secret-stdin");
        assertThat(withStdin("x").run("token", "create", "--login", "ci", "--secret", "x").exit()).isEqualTo(2);
        assertThat(withStdin("").run("token", "create", "--login", "ci", "--secret-stdin").exit()).isEqualTo(2);
        assertThat(withStdin("x").run("token", "create").exit()).isEqualTo(2);
        assertThat(withStdin("x").run("token", "create", "--login", "a", "--principal", "b", "--secret-stdin").exit()).isEqualTo(2);
        assertThat(withStdin("x").run("token", "create", "--principal", "b", "--secret-stdin").exit()).isEqualTo(2);
        assertThat(withStdin("x").run("token", "create", "--principal", "b", "--ttl", "100ms").exit()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void wrongCredentialsExitOneWithOneLine() {
        server.answer(r -> problem(401, "unauthorized", "wrong principal or secret"));

        Result result = withStdin("nope\n").run("token", "create", "--login", "ci", "--secret-stdin");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).containsExactly("coterie: wrong principal or secret");
        assertThat(result.err()).doesNotContain("nope");
    }
}
