package io.coterie.cli.rpc;

import static io.coterie.cli.testing.StubServer.Response.json;
import static io.coterie.cli.testing.StubServer.Response.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.cli.testing.Cli;
import io.coterie.cli.testing.Cli.Result;
import io.coterie.cli.testing.StubServer;
import io.coterie.cli.testing.StubServer.Request;
import io.coterie.cli.testing.StubServer.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class RpcCallTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final StubServer server = new StubServer();

    RpcCallTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Response executed(String result) {
        return json(200, result).with("Coterie-Outcome", "executed");
    }

    @Test
    void postsTheCompactArgumentWithABudgetAndAFreshKeyAndPrintsTheResult() {
        server.answer(r -> executed("{\"speed\":3,\"unit\":\"m/s\"}"));

        Result first = Cli.against(server, "rpc", "call", "/robots/r1", "speed.increase", "--data", "{ \"by\" : 1,\n \"note\": \"a b\" }");
        Result second = Cli.against(server, "rpc", "call", "/robots/r1", "speed.increase", "--data", "{\"by\":1}", "-o", "json");

        assertThat(first.exit()).isZero();
        assertThat(first.err()).isEmpty();
        assertThat(first.out()).isEqualTo("{\n  \"speed\" : 3,\n  \"unit\" : \"m/s\"\n}\n");
        assertThat(second.out()).isEqualTo("{\"speed\":3,\"unit\":\"m/s\"}\n");
        Request request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.target()).isEqualTo("/v1/rpc/robots/r1/speed.increase");
        assertThat(request.bodyText()).isEqualTo("{\"by\":1,\"note\":\"a b\"}");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Authorization")).isEqualTo("Bearer test-token");
        assertThat(request.header("Coterie-Timeout")).isEqualTo("10000");
        assertThat(request.header("Idempotency-Key")).matches(UUID);
        assertThat(server.requests().get(1).header("Idempotency-Key")).matches(UUID).isNotEqualTo(request.header("Idempotency-Key"));
    }

    @Test
    void keyTimeoutAndNoArgumentGoAsGiven() {
        server.answer(r -> executed("7"));

        Result result = Cli.against(server, "rpc", "call", "/robots/r 1", "speed.get", "--idempotency-key", "k-1", "--timeout", "2s");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("7\n");
        Request request = server.onlyRequest();
        assertThat(request.target()).isEqualTo("/v1/rpc/robots/r%201/speed.get");
        assertThat(request.body()).isEmpty();
        assertThat(request.header("Content-Type")).isNull();
        assertThat(request.header("Idempotency-Key")).isEqualTo("k-1");
        assertThat(request.header("Coterie-Timeout")).isEqualTo("2000");
    }

    @Test
    void noIdempotencyKeySendsNone() {
        server.answer(r -> executed("null"));

        Result result = Cli.against(server, "rpc", "call", "/robots/r1", "speed.get", "--no-idempotency-key");

        assertThat(result.exit()).isZero();
        assertThat(server.onlyRequest().header("Idempotency-Key")).isNull();
    }

    @Test
    void theArgumentMayComeFromAFileOrStdin(@TempDir Path dir) throws IOException {
        server.answer(r -> executed("true"));
        Files.writeString(dir.resolve("arg.json"), "[1, 2,\n 3]\n");

        Result fromFile = new Cli().env("COTERIE_ADDR", server.address()).cwd(dir)
                .run("rpc", "call", "/a", "m", "--data", "@arg.json");
        Result fromStdin = new Cli().env("COTERIE_ADDR", server.address()).stdin("\"x y\"\n".getBytes(StandardCharsets.UTF_8))
                .run("rpc", "call", "/a", "m", "--data", "-");

        assertThat(fromFile.exit()).isZero();
        assertThat(fromStdin.exit()).isZero();
        assertThat(server.requests()).extracting(Request::bodyText).containsExactly("[1,2,3]", "\"x y\"");
    }

    @Test
    void malformedInputIsAUsageErrorBeforeAnyRequest() {
        Result badJson = Cli.against(server, "rpc", "call", "/a", "m", "--data", "{\"by\": }");
        Result trailing = Cli.against(server, "rpc", "call", "/a", "m", "--data", "1 2");
        Result empty = Cli.against(server, "rpc", "call", "/a", "m", "--data", "  ");
        Result badMethod = Cli.against(server, "rpc", "call", "/a", "speed..increase");
        Result badKey = Cli.against(server, "rpc", "call", "/a", "m", "--idempotency-key", "has space");
        Result bothKeyOptions = Cli.against(server, "rpc", "call", "/a", "m", "--idempotency-key", "k", "--no-idempotency-key");
        Result longBudget = Cli.against(server, "rpc", "call", "/a", "m", "--timeout", "6m");

        for (Result result : List.of(badJson, trailing, empty, badMethod, badKey, bothKeyOptions, longBudget)) {
            assertThat(result.exit()).as(result.err()).isEqualTo(2);
            assertThat(result.errLines()[0]).startsWith("coterie: ").doesNotContain("\tat ");
        }
        assertThat(badJson.errLines()[0]).startsWith("coterie: --data is not JSON: ").contains("line 1, column");
        assertThat(trailing.errLines()[0]).startsWith("coterie: --data is not JSON: ");
        assertThat(badMethod.errLines()[0]).startsWith("coterie: invalid method 'speed..increase'");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aRejectedCallExitsOneWithTheProblemsDetail() {
        server.answer(r -> problem(403, "forbidden", "the token grants no call on /robots/r1").with("Coterie-Outcome", "rejected"));

        Result result = Cli.against(server, "rpc", "call", "/robots/r1", "speed.increase", "--data", "{}");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).containsExactly("coterie: the token grants no call on /robots/r1");
    }

    @Test
    void aCircuitOpenWithoutAnOutcomeHeaderIsStillRejected() {
        server.answer(r -> problem(503, "circuit-open", "calls to /robots/r1 fail; the circuit is open"));

        Result result = Cli.against(server, "rpc", "call", "/robots/r1", "speed.get");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("coterie: calls to /robots/r1 fail; the circuit is open");
    }

    @Test
    void anUnknownOutcomeNamesTheRetryThatLearnsItAndThatRetrySendsTheSameCall() {
        server.answer(r -> problem(504, "outcome-unknown", "no answer from /robots/r1 within 2000 ms").with("Coterie-Outcome", "unknown"));

        Result result = Cli.against(server, "rpc", "call", "/robots/r1", "speed.increase", "--data", "{ \"note\": \"it's\" }",
                "--timeout", "2s");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.errLines()).hasSize(1);
        String key = server.onlyRequest().header("Idempotency-Key");
        assertThat(result.err()).isEqualTo("coterie: no answer from /robots/r1 within 2000 ms (outcome unknown: the command may still run); "
                + "to learn its outcome, retry with the same key: coterie rpc call /robots/r1 speed.increase --idempotency-key " + key
                + " --data '{\"note\":\"it'\\''s\"}' --timeout 2s\n");

        server.answer(r -> executed("{\"speed\":4}").with("Coterie-Replayed", "true"));
        String suggested = result.err().strip();
        List<String> retry = shellWords(suggested.substring(suggested.indexOf("coterie rpc call ") + "coterie ".length()));
        Result again = Cli.against(server, retry.toArray(String[]::new));

        assertThat(again.exit()).isZero();
        assertThat(again.out()).isEqualTo("{\n  \"speed\" : 4\n}\n");
        assertThat(again.errLines()).singleElement().asString().contains("replayed");
        Request first = server.requests().get(0);
        Request second = server.requests().get(1);
        assertThat(second.header("Idempotency-Key")).isEqualTo(key);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.target()).isEqualTo(first.target());
    }

    @Test
    void aFailedMethodIsAnUnknownOutcomeThatNamesTheKey() {
        server.answer(r -> problem(502, "workload-failed", "the method speed.increase failed").with("Coterie-Outcome", "unknown"));

        Result result = Cli.against(server, "rpc", "call", "/robots/r1", "speed.increase", "--idempotency-key", "k7");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("coterie: the method speed.increase failed (outcome unknown: the method failed "
                + "after it started and may have done part of its work; idempotency key k7)");
    }

    @Test
    void noAnswerAtAllIsAnUnknownOutcomeButNoConnectionIsNot() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.answer(r -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return executed("1");
        });
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Result silent = Cli.against(server, "rpc", "call", "/a", "m", "--timeout", "100ms", "--idempotency-key", "k");
        release.countDown();
        Result refused = new Cli().run("rpc", "call", "/a", "m", "--address", "http://127.0.0.1:" + closedPort);
        Result unkeyed = new Cli().env("COTERIE_ADDR", server.address())
                .run("rpc", "call", "/a", "m", "--timeout", "100ms", "--no-idempotency-key");

        assertThat(silent.exit()).isEqualTo(1);
        assertThat(silent.errLines()).singleElement().asString()
                .startsWith("coterie: no answer from " + server.address())
                .endsWith(" (outcome unknown: the command may still run); to learn its outcome, retry with the same key: "
                        + "coterie rpc call /a m --idempotency-key k --timeout 100ms");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.errLines()).singleElement().asString().contains("connection refused").doesNotContain("outcome");
        assertThat(unkeyed.exit()).isZero();
    }

    /** Splits a command line as a POSIX shell would, for the quoting ShellWords produces. */
    private static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\'') {
                    quoted = false;
                } else {
                    word.append(c);
                }
            } else if (c == '\'') {
                quoted = true;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (c == ' ') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
