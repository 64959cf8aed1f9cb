package io.coterie.cli.kv;

import static io.coterie.cli.testing.StubServer.Response.json;
import static io.coterie.cli.testing.StubServer.Response.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.cli.core.Json;
import io.coterie.cli.testing.Cli;
import io.coterie.cli.testing.Cli.Result;
import io.coterie.cli.testing.StubServer;
import io.coterie.cli.testing.StubServer.Request;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

@Timeout(20)
class KvCommandsTest {

    private final StubServer server = new StubServer();

    KvCommandsTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void putSendsTheRawValueToTheEncodedKeyAndPrintsTheRevision() {
        server.answer(r -> json(200, "{\"key\":\"my app/é;x\",\"revision\":42}"));

        Result result = Cli.against(server, "kv", "put", "my app/é;x", "hello wörld", "--if-revision", "0", "--lease", "7");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("42\n");
        Request request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.rawPath()).isEqualTo("/v1/kv/my%20app/%C3%A9%3Bx");
        assertThat(request.rawQuery()).isEqualTo("ifRevision=0&lease=7");
        assertThat(request.bodyText()).isEqualTo("hello wörld");
        assertThat(request.header("Authorization")).isEqualTo("Bearer test-token");
    }

    @Test
    void putReadsTheValueFromStdinForADash() {
        server.answer(r -> json(200, "{\"key\":\"k\",\"revision\":3}"));
        byte[] bytes = {0, 1, (byte) 0xff, '\n'};

        Result result = new Cli().env("COTERIE_ADDR", server.address()).stdin(bytes).run("kv", "put", "k", "-", "-o", "json");

        assertThat(server.onlyRequest().body()).isEqualTo(bytes);
        assertThat(Json.mapper().readTree(result.out())).isEqualTo(Json.mapper().readTree("{\"key\":\"k\",\"revision\":3}"));
    }

    @Test
    void aFailedConditionExitsOneWithTheDetail() {
        server.answer(r -> problem(412, "condition-failed", "key 'k' has mod revision 9, not 3"));

        Result result = Cli.against(server, "kv", "put", "k", "v", "--if-revision", "3");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).containsExactly("coterie: key 'k' has mod revision 9, not 3");
    }

    @Test
    void anInvalidKeyFailsBeforeAnyRequest() {
        Result result = Cli.against(server, "kv", "put", "/abs", "v");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.err()).startsWith("coterie: invalid key '/abs': key must not start with '/'");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void getPrintsTheValueOrTheServersDocument() {
        String view = "{\"key\":\"k\",\"value\":\"v1\",\"revision\":10,\"modRevision\":9,\"createRevision\":3,\"version\":2}";
        server.answer(r -> json(200, view));

        Result plain = Cli.against(server, "kv", "get", "k", "--stale");
        Result asJson = Cli.against(server, "kv", "get", "k", "-o", "json");

        assertThat(plain.out()).isEqualTo("v1\n");
        assertThat(server.requests().get(0).target()).isEqualTo("/v1/kv/k?stale=true");
        assertThat(server.requests().get(1).target()).isEqualTo("/v1/kv/k");
        assertThat(Json.mapper().readTree(asJson.out())).isEqualTo(Json.mapper().readTree(view));
    }

    @Test
    void getWritesBinaryValuesUntouched() {
        server.answer(r -> json(200, "{\"key\":\"k\",\"valueBase64\":\"AP8=\",\"revision\":1,\"modRevision\":1,"
                + "\"createRevision\":1,\"version\":1}"));

        Result result = Cli.against(server, "kv", "get", "k");

        assertThat(result.outBytes()).isEqualTo(new byte[] {0, (byte) 0xff});
    }

    @Test
    void getOfAMissingKeyExitsOne() {
        server.answer(r -> problem(404, "not-found", "key 'x' not found"));

        Result result = Cli.against(server, "kv", "get", "x");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("coterie: key 'x' not found");
    }

    @Test
    void delDeletesOneKeyOrAPrefix() {
        server.answer(r -> json(200, "{\"revision\":12,\"deleted\":" + (r.rawQuery() != null && r.rawQuery().startsWith("prefix") ? 5 : 1) + "}"));

        Result one = Cli.against(server, "kv", "del", "a b", "--if-revision", "4");
        Result many = Cli.against(server, "kv", "del", "app/", "--prefix", "-o", "json");

        assertThat(one.out()).isEqualTo("1\n");
        assertThat(server.requests().get(0).method()).isEqualTo("DELETE");
        assertThat(server.requests().get(0).target()).isEqualTo("/v1/kv/a%20b?ifRevision=4");
        assertThat(server.requests().get(1).target()).isEqualTo("/v1/kv?prefix=app%2F");
        assertThat(Json.mapper().readTree(many.out())).isEqualTo(Json.mapper().readTree("{\"revision\":12,\"deleted\":5}"));
    }

    @Test
    void delOfAMissingKeyExitsOneAndPrefixWithConditionIsAUsageError() {
        server.answer(r -> problem(404, "not-found", "key 'gone' not found"));

        assertThat(Cli.against(server, "kv", "del", "gone").exit()).isEqualTo(1);
        assertThat(Cli.against(server, "kv", "del", "a", "--prefix", "--if-revision", "1").exit()).isEqualTo(2);
    }

    @Test
    void lsFollowsEveryPage() {
        server.answer(r -> r.rawQuery().contains("after=")
                ? json(200, page(List.of("b"), false, null))
                : json(200, page(List.of("a", "a/x"), true, "a/x")));

        Result result = Cli.against(server, "kv", "ls", "-o", "json");

        assertThat(server.requests()).extracting(Request::rawQuery)
                .containsExactly("prefix=&limit=1000", "prefix=&after=a%2Fx&limit=1000");
        JsonNode items = Json.mapper().readTree(result.out());
        assertThat(items.isArray()).isTrue();
        assertThat(items).extracting(n -> n.get("key").asString()).containsExactly("a", "a/x", "b");
        assertThat(items.get(0).has("lease")).isFalse();
    }

    @Test
    void lsStopsAtTheLimitAndPrintsATable() {
        server.answer(r -> json(200, page(List.of("p/1", "p/2"), true, "p/2")));

        Result result = Cli.against(server, "kv", "ls", "p/", "--limit", "3");

        assertThat(server.requests()).extracting(Request::rawQuery)
                .containsExactly("prefix=p%2F&limit=3", "prefix=p%2F&after=p%2F2&limit=1");
        assertThat(result.out()).isEqualTo("""
                KEY  MOD_REV  VALUE
                p/1  5        value of p/1
                p/2  5        value of p/2
                p/1  5        value of p/1
                """);
    }

    @Test
    void lsKeysOnly() {
        server.answer(r -> json(200, page(List.of("a", "b"), false, null)));

        Result result = Cli.against(server, "kv", "ls", "", "--keys-only");

        assertThat(server.onlyRequest().rawQuery()).isEqualTo("prefix=&limit=1000&keysOnly=true");
        assertThat(result.out()).isEqualTo("a\nb\n");
    }

    private static String page(List<String> keys, boolean more, String next) {
        List<Map<String, Object>> items = keys.stream().<Map<String, Object>>map(k -> Map.of("key", k, "value", "value of " + k,
                "revision", 20, "modRevision", 5, "createRevision", 5, "version", 1)).toList();
        return Json.write(Map.of("items", items, "more", more, "next", next == null ? "" : next, "revision", 20));
    }
}
