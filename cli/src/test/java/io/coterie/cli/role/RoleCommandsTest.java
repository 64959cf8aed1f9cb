package io.coterie.cli.role;

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

@Timeout(20)
class RoleCommandsTest {

    private final StubServer server = new StubServer();

    RoleCommandsTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void createSendsTheGrants() {
        server.answer(r -> json(201, "{\"name\":\"deployer\",\"grants\":[\"read:/apps/a/\",\"write:apps/a/\",\"admin:\"]}"));

        Result result = Cli.against(server, "role", "create", "deployer", "--grant", "read:/apps/a/", "--grant", "write:apps/a/",
                "--grant", "admin:");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("deployer\n");
        Request request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/v1/roles");
        assertThat(Json.mapper().readTree(request.bodyText())).isEqualTo(Json.mapper().readTree(
                "{\"name\":\"deployer\",\"grants\":[\"read:/apps/a/\",\"write:apps/a/\",\"admin:\"]}"));
    }

    @Test
    void badGrantsAreUsageErrorsBeforeAnyRequest() {
        for (String grant : new String[] {"read", "delete:/apps/", ":/apps/", "READ:/x", "read:/a\tb"}) {
            Result result = Cli.against(server, "role", "create", "r", "--grant", grant);
            assertThat(result.exit()).as(grant).isEqualTo(2);
            assertThat(result.err()).as(grant).startsWith("coterie: '");
        }
        assertThat(Cli.against(server, "role", "create", "r", "--grant", "delete:/x").err())
                .startsWith("coterie: 'delete:/x': 'delete' is not an action (read, write, admin, submit, call)");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aRoleMayStartWithoutGrants() {
        server.answer(r -> json(201, "{\"name\":\"empty\",\"grants\":[]}"));

        assertThat(Cli.against(server, "role", "create", "empty").out()).isEqualTo("empty\n");
        assertThat(Json.mapper().readTree(server.onlyRequest().bodyText()))
                .isEqualTo(Json.mapper().readTree("{\"name\":\"empty\",\"grants\":[]}"));
    }

    @Test
    void lsAndGet() {
        server.answer(r -> switch (r.target()) {
            case "/v1/roles?limit=1000" -> json(200, "{\"roles\":[{\"name\":\"admin\",\"grants\":[\"admin:\"]},"
                    + "{\"name\":\"reader\",\"grants\":[\"read:/\",\"read:\"]}]}");
            case "/v1/roles/reader" -> json(200, "{\"name\":\"reader\",\"grants\":[\"read:/\",\"read:\"]}");
            default -> problem(404, "not-found", "role " + r.target().substring(10) + " not found");
        });

        assertThat(Cli.against(server, "role", "ls").out()).isEqualTo("""
                NAME    GRANTS
                admin   admin:
                reader  read:/, read:
                """);
        assertThat(Cli.against(server, "role", "get", "reader").out()).isEqualTo("""
                name: reader
                grants:
                  read:/
                  read:
                """);
        Result missing = Cli.against(server, "role", "get", "nope");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.errLines()).containsExactly("coterie: role nope not found");
    }
}
