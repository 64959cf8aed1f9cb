package io.coterie.cli.principal;

import static io.coterie.cli.testing.StubServer.Response.json;
import static io.coterie.cli.testing.StubServer.Response.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.cli.core.Json;
import io.coterie.cli.testing.Cli;
import io.coterie.cli.testing.Cli.Result;
import io.coterie.cli.testing.StubServer;
import io.coterie.cli.testing.StubServer.Request;
import io.coterie.cli.testing.StubServer.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

@Timeout(20)
class PrincipalCommandsTest {

    private static final String CREATED = "{\"name\":\"ci\",\"roles\":[\"deployer\"],\"secret\":\"s3cr3t-generated-0123456789\"}";

    private final StubServer server = new StubServer();

    PrincipalCommandsTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static JsonNode tree(String json) {
        return Json.mapper().readTree(json);
    }

    private Cli withStdin(String stdin) {
        return new Cli().env("COTERIE_ADDR", server.address()).env("COTERIE_TOKEN", "admin-token")
                .stdin(stdin.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void createPrintsTheGeneratedSecretOnceWithAWarningOnStderr() {
        server.answer(r -> json(201, CREATED));

        Result result = Cli.against(server, "principal", "create", "ci", "--role", "deployer");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("s3cr3t-generated-0123456789\n");
        assertThat(result.errLines()).containsExactly("coterie: the secret of ci is shown only this once; keep it now");
        Request request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/v1/principals");
        assertThat(tree(request.bodyText())).isEqualTo(tree("{\"name\":\"ci\",\"roles\":[\"deployer\"]}"));
    }

    @Test
    void createJsonIsTheServersAnswer() {
        server.answer(r -> json(201, CREATED));

        Result result = Cli.against(server, "principal", "create", "ci", "--role", "deployer", "-o", "json");

        assertThat(tree(result.out())).isEqualTo(tree(CREATED));
        assertThat(result.err()).contains("shown only this once");
    }

    @Test
    void aGivenSecretComesFromStdinAndIsNotPrinted() {
        server.answer(r -> json(201, "{\"name\":\"ci\",\"roles\":[]}"));

        Result result = withStdin("my-own-secret-of-20-chars\r\nignored second line\n").run("principal", "create", "ci", "--secret-stdin");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("ci\n");
        assertThat(result.err()).isEmpty();
        assertThat(tree(server.onlyRequest().bodyText()))
                .isEqualTo(tree("{\"name\":\"ci\",\"roles\":[],\"secret\":\"my-own-secret-of-20-chars\"}"));
    }

    @Test
    void aSecretIsNeverAnArgument() {
        Result asOption = Cli.against(server, "principal", "create", "ci", "--secret", "hunter2hunter2hunter2");
        Result emptyStdin = withStdin("").run("principal", "create", "ci", "--secret-stdin");

        assertThat(asOption.exit()).isEqualTo(2);
        assertThat(asOption.err()).contains("Unknown options: '--secret'");
        assertThat(emptyStdin.exit()).isEqualTo(2);
        assertThat(emptyStdin.err()).startsWith("coterie: --secret-stdin: no secret on stdin");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void lsGetAndDelete() {
        server.answer(r -> switch (r.method() + " " + r.target()) {
            case "GET /v1/principals?limit=1000" -> json(200, "{\"items\":[{\"name\":\"root\",\"roles\":[\"admin\"]}],\"next\":\"root\"}");
            case "GET /v1/principals?after=root&limit=1000" -> json(200, "{\"items\":[{\"name\":\"ci\",\"roles\":[]}],\"next\":null}");
            case "GET /v1/principals/ci" -> json(200, "{\"name\":\"ci\",\"roles\":[\"deployer\",\"reader\"],"
                    + "\"grants\":[\"write:/apps/\",\"read:apps/\"],\"createdAt\":\"2025-01-02T03:04:05Z\"}");
            case "DELETE /v1/principals/ci" -> json(200, "{\"name\":\"ci\",\"deleted\":true}");
            case "DELETE /v1/principals/old" -> new Response(204, "application/json", new byte[0], null);
            default -> problem(404, "not-found", "no route " + r.target());
        });

        assertThat(Cli.against(server, "principal", "ls").out()).isEqualTo("""
                NAME  ROLES
                root  admin
                ci    -
                """);
        assertThat(tree(Cli.against(server, "principal", "ls", "-o", "json").out())).isEqualTo(
                tree("[{\"name\":\"root\",\"roles\":[\"admin\"]},{\"name\":\"ci\",\"roles\":[]}]"));
        assertThat(Cli.against(server, "principal", "get", "ci").out()).isEqualTo("""
                name:    ci
                roles:   deployer, reader
                created: 2025-01-02T03:04:05Z
                grants:
                  write:/apps/
                  read:apps/
                """);
        assertThat(Cli.against(server, "principal", "delete", "ci").out()).isEqualTo("deleted principal ci\n");
        assertThat(tree(Cli.against(server, "principal", "delete", "ci", "-o", "json").out()))
                .isEqualTo(tree("{\"name\":\"ci\",\"deleted\":true}"));
        assertThat(tree(Cli.against(server, "principal", "delete", "old", "-o", "json").out()))
                .isEqualTo(tree("{\"name\":\"old\",\"deleted\":true}"));
    }

    @Test
    void aBareListOfNamesPrintsTheNames() {
        server.answer(r -> json(200, "[\"root\",\"ci\"]"));

        assertThat(Cli.against(server, "principal", "ls").out()).isEqualTo("root\nci\n");
    }

    @Test
    void conflictsAndForbiddenExitOne() {
        server.answer(r -> r.method().equals("POST")
                ? problem(409, "conflict", "principal ci exists")
                : problem(403, "forbidden", "admin on principals is not granted"));

        Result exists = Cli.against(server, "principal", "create", "ci");
        Result forbidden = Cli.against(server, "principal", "ls");

        assertThat(exists.exit()).isEqualTo(1);
        assertThat(exists.out()).isEmpty();
        assertThat(exists.errLines()).containsExactly("coterie: principal ci exists");
        assertThat(forbidden.errLines()).containsExactly("coterie: admin on principals is not granted");
    }
}
