package io.coterie.cli;

import static io.coterie.cli.testing.StubServer.Response.json;
import static io.coterie.cli.testing.StubServer.Response.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.cli.testing.Cli;
import io.coterie.cli.testing.Cli.Result;
import io.coterie.cli.testing.StubServer;
import io.coterie.cli.testing.StubServer.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobalOptionsTest {

    private static final String STATUS = "{\"leader\":null,\"term\":1,\"members\":[],\"commitIndex\":0}";

    private final StubServer server = new StubServer();

    @TempDir
    Path cwd;

    GlobalOptionsTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theTokenComesFromTheFlagThenTheEnvironmentThenTheDevFile() throws IOException {
        server.answer(r -> json(200, STATUS));
        Files.createDirectories(cwd.resolve("var/dev"));
        Files.writeString(cwd.resolve("var/dev/token"), "file-token\n");
        Cli cli = new Cli().cwd(cwd).env("COTERIE_ADDR", server.address());

        cli.run("cluster", "status");
        cli.env("COTERIE_TOKEN", "env-token").run("cluster", "status");
        cli.run("cluster", "status", "--token", "flag-token");

        assertThat(server.requests()).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer file-token", "Bearer env-token", "Bearer flag-token");
    }

    @Test
    void noTokenMeansNoAuthorizationHeader() {
        server.answer(r -> json(200, STATUS));

        new Cli().cwd(cwd).env("COTERIE_ADDR", server.address()).run("cluster", "status");

        assertThat(server.onlyRequest().header("Authorization")).isNull();
    }

    @Test
    void globalOptionsWorkBeforeTheNounAndAfterTheVerbAndTheFlagBeatsTheEnvironment() {
        server.answer(r -> json(200, STATUS));

        Result before = new Cli().env("COTERIE_ADDR", "http://127.0.0.1:1").run("--address", server.address() + "/", "cluster", "status");
        Result after = new Cli().env("COTERIE_ADDR", "http://127.0.0.1:1").run("cluster", "status", "--address", server.address());

        assertThat(before.exit()).isZero();
        assertThat(after.exit()).isZero();
        assertThat(server.requests()).extracting(r -> r.rawPath()).containsExactly("/v1/cluster", "/v1/cluster");
    }

    @Test
    void theTokenIsNeverPrinted() {
        server.answer(r -> problem(401, "unauthorized", "the token is not valid"));

        Result result = new Cli().env("COTERIE_ADDR", server.address()).run("kv", "get", "k", "--token", "s3cret-t0ken", "--verbose");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out() + result.err()).doesNotContain("s3cret-t0ken");
    }

    @Test
    void theTimeoutBoundsEachRequest() {
        // The server holds its answer until the CLI has given up (or 10 s pass, if it never does).
        java.util.concurrent.CountDownLatch cliDone = new java.util.concurrent.CountDownLatch(1);
        server.answer(r -> {
            try {
                cliDone.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return json(200, STATUS);
        });

        Result result = new Cli().env("COTERIE_ADDR", server.address()).run("cluster", "status", "--timeout", "300ms");
        cliDone.countDown();

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("coterie: no answer from " + server.address()
                + " within 300ms (raise --timeout to wait longer)");
    }

    @Test
    void anAddressWithoutSchemeMeansHttp() {
        server.answer(r -> json(200, STATUS));

        Result result = new Cli().run("cluster", "status", "--address", server.address().replace("http://", ""));

        assertThat(result.exit()).isZero();
    }

    @Test
    void aServerWithoutJsonStillGivesOneLine() {
        server.answer(r -> new Response(200, "application/json", "not json".getBytes(), null));

        Result result = Cli.against(server, "cluster", "status");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.err()).startsWith("coterie: the server answered with JSON this client does not understand");
    }
}
