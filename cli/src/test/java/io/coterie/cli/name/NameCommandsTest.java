package io.coterie.cli.name;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

@Timeout(20)
class NameCommandsTest {

    private static final String SERVICE = "{\"kind\":\"service\",\"instances\":[{\"id\":\"i0\",\"address\":\"10.0.0.1\",\"port\":8080,"
            + "\"health\":\"passing\"},{\"id\":\"i1\",\"address\":\"::1\",\"port\":9090,\"health\":\"critical\"}],"
            + "\"metadata\":{\"env\":\"prod\"},\"path\":\"/apps/web\",\"revision\":12,\"createRevision\":3,\"extra\":[1,2]}";

    private final StubServer server = new StubServer();

    NameCommandsTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static JsonNode tree(String json) {
        return Json.mapper().readTree(json);
    }

    private static Response bound(long revision) {
        return json(200, "{\"path\":\"/x\",\"revision\":" + revision + "}");
    }

    @Test
    void bindOfANameTargetIsALink() {
        server.answer(r -> bound(21));

        Result result = Cli.against(server, "name", "bind", "/apps/web-link", "/apps/web");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("21\n");
        Request request = server.onlyRequest();
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.rawPath()).isEqualTo("/v1/names/apps/web-link");
        assertThat(request.rawQuery()).isNull();
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Authorization")).isEqualTo("Bearer test-token");
        assertThat(tree(request.bodyText())).isEqualTo(tree("{\"kind\":\"link\",\"target\":\"/apps/web\"}"));
    }

    @Test
    void bindOfHostPortsIsAServiceWithOneInstanceEachAndPrintsTheServersAnswerAsJson() {
        server.answer(r -> json(200, "{\"path\":\"/apps/web\",\"revision\":7}"));

        Result result = Cli.against(server, "name", "bind", "/apps/web", "10.0.0.1:8080,web-2.internal:9090,[::1]:80",
                "--if-revision", "0", "--session", "7587", "--metadata", "env=prod", "--metadata", "team=a", "-o", "json");

        assertThat(result.exit()).isZero();
        assertThat(tree(result.out())).isEqualTo(tree("{\"path\":\"/apps/web\",\"revision\":7}"));
        Request request = server.onlyRequest();
        assertThat(request.rawQuery()).isEqualTo("ifRevision=0&session=7587");
        assertThat(tree(request.bodyText())).isEqualTo(tree("{\"kind\":\"service\",\"instances\":["
                + "{\"id\":\"i0\",\"address\":\"10.0.0.1\",\"port\":8080},"
                + "{\"id\":\"i1\",\"address\":\"web-2.internal\",\"port\":9090},"
                + "{\"id\":\"i2\",\"address\":\"::1\",\"port\":80}],"
                + "\"metadata\":{\"env\":\"prod\",\"team\":\"a\"}}"));
    }

    @Test
    void bindOfAtFileSendsTheFilesRawBytes(@TempDir Path dir) throws IOException {
        byte[] content = {0, 1, 2, (byte) 0xff, '\n'};
        Files.write(dir.resolve("cert.der"), content);
        server.answer(r -> bound(3));

        Result result = new Cli().cwd(dir).env("COTERIE_ADDR", server.address()).run("name", "bind", "/certs/web", "@cert.der");

        assertThat(result.exit()).isZero();
        Request request = server.onlyRequest();
        assertThat(request.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(request.body()).isEqualTo(content);
    }

    @Test
    void anAtFileWithSpacesIsTheFilesContentNotMoreArguments(@TempDir Path dir) throws IOException {
        Path note = dir.resolve("note.txt");
        Files.writeString(note, "hello from a file");
        server.answer(r -> bound(4));

        Result result = Cli.against(server, "name", "bind", "/data/note", "@" + note.toAbsolutePath());

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(new String(server.onlyRequest().body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("hello from a file");
    }

    @Test
    void kindFileBindsLiteralTextOrStdin() {
        server.answer(r -> bound(4));

        Cli.against(server, "name", "bind", "/config/motd", "hello: world", "--kind", "file");
        new Cli().env("COTERIE_ADDR", server.address()).stdin("from stdin".getBytes(StandardCharsets.UTF_8))
                .run("name", "bind", "/config/motd", "-", "--kind", "file");

        assertThat(server.requests()).extracting(Request::bodyText).containsExactly("hello: world", "from stdin");
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.header("Content-Type")).isEqualTo("application/octet-stream"));
    }

    @Test
    void kindDirectoryTakesNoTarget() {
        server.answer(r -> bound(5));

        Result result = Cli.against(server, "name", "bind", "/apps", "--kind", "directory", "--metadata", "owner=ops");

        assertThat(result.exit()).isZero();
        assertThat(tree(server.onlyRequest().bodyText())).isEqualTo(tree("{\"kind\":\"directory\",\"metadata\":{\"owner\":\"ops\"}}"));
    }

    @Test
    void targetsThatSayNothingOrContradictTheKindAreUsageErrorsBeforeAnyRequest(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("f"), "x");
        List<String[]> wrong = List.of(
                new String[] {"name", "bind", "/a"},
                new String[] {"name", "bind", "/a", "x", "--kind", "directory"},
                new String[] {"name", "bind", "/a", "not-an-address", "--kind", "service"},
                new String[] {"name", "bind", "/a", "relative/name", "--kind", "link"},
                new String[] {"name", "bind", "/a", "@f", "--metadata", "k=v"},
                new String[] {"name", "bind", "/a", "/b", "--kind", "folder"});

        for (String[] args : wrong) {
            Result result = new Cli().cwd(dir).env("COTERIE_ADDR", server.address()).run(args);
            assertThat(result.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(result.err()).as(String.join(" ", args)).startsWith("coterie: ").contains("Try 'coterie name bind --help'");
        }
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aTargetThatIsNoNameNoAddressAndNoFileIsBoundAsText() {
        server.answer(r -> bound(6));

        Cli.against(server, "name", "bind", "/config/greeting", "hello");
        Cli.against(server, "name", "bind", "/config/upstream", "http://10.0.0.1:80");

        assertThat(server.requests()).extracting(Request::bodyText).containsExactly("hello", "http://10.0.0.1:80");
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.header("Content-Type")).isEqualTo("application/octet-stream"));
    }

    @Test
    void aMissingLocalFileOrARelativeNameExitsOneWithoutARequest(@TempDir Path dir) {
        Result missing = new Cli().cwd(dir).env("COTERIE_ADDR", server.address()).run("name", "bind", "/a", "@nope.txt");
        Result relative = Cli.against(server, "name", "resolve", "apps/web");
        Result trailing = Cli.against(server, "name", "unbind", "/apps/");
        Result dots = Cli.against(server, "name", "bind", "/apps/../etc", "x");

        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.errLines()).containsExactly("coterie: cannot read " + dir.resolve("nope.txt") + ": no such file");
        assertThat(relative.exit()).isEqualTo(1);
        assertThat(relative.errLines()).containsExactly("coterie: invalid name 'apps/web': a name is an absolute path such as /apps/web");
        assertThat(trailing.exit()).isEqualTo(1);
        assertThat(dots.exit()).isEqualTo(1);
        assertThat(dots.errLines()).containsExactly("coterie: invalid name '/apps/../etc': a segment may not be . or ..");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void eachSegmentOfANameIsPercentEncoded() {
        server.answer(r -> problem(400, "invalid-name", "segment 'my app' has a character outside [A-Za-z0-9._-]"));

        Result result = Cli.against(server, "name", "resolve", "/my app/é;x/a?b");

        assertThat(server.onlyRequest().rawPath()).isEqualTo("/v1/names/my%20app/%C3%A9%3Bx/a%3Fb");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("coterie: segment 'my app' has a character outside [A-Za-z0-9._-]");
    }

    @Test
    void resolveJsonIsTheServersEntryExactly() {
        server.answer(r -> json(200, SERVICE));

        Result result = Cli.against(server, "name", "resolve", "/apps/web", "-o", "json");

        assertThat(result.exit()).isZero();
        assertThat(tree(result.out())).isEqualTo(tree(SERVICE));
        assertThat(server.onlyRequest().method()).isEqualTo("GET");
        assertThat(server.onlyRequest().target()).isEqualTo("/v1/names/apps/web");
    }

    @Test
    void resolveTableSummarisesTheEntry() {
        server.answer(r -> json(200, SERVICE));

        Result result = Cli.against(server, "name", "resolve", "/apps/web", "--no-follow", "--linearizable");

        assertThat(server.onlyRequest().rawQuery()).isEqualTo("follow=false&consistency=linearizable");
        assertThat(result.out()).isEqualTo("""
                path:           /apps/web
                kind:           service
                metadata:       env=prod
                revision:       12
                createRevision: 3
                instances:
                  ID  ADDRESS        HEALTH
                  i0  10.0.0.1:8080  passing
                  i1  [::1]:9090     critical
                """);
    }

    @Test
    void resolveContentPrintsAFilesRawBytes() {
        byte[] content = {'a', 0, (byte) 0xfe};
        server.answer(r -> "application/octet-stream".equals(r.header("Accept"))
                ? new Response(200, "application/octet-stream", content, null)
                : json(200, "{\"kind\":\"file\",\"size\":3,\"sha256\":\"abc\",\"contentType\":\"application/octet-stream\","
                        + "\"path\":\"/f\",\"revision\":2}"));

        Result result = Cli.against(server, "name", "resolve", "/f", "--content");

        assertThat(result.exit()).isZero();
        assertThat(result.outBytes()).isEqualTo(content);
        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(1).target()).isEqualTo("/v1/names/f");
    }

    @Test
    void resolveContentOfAServiceExitsOneAndWithJsonIsAUsageError() {
        server.answer(r -> json(200, SERVICE));

        Result service = Cli.against(server, "name", "resolve", "/apps/web", "--content");
        Result withJson = Cli.against(server, "name", "resolve", "/apps/web", "--content", "-o", "json");

        assertThat(service.exit()).isEqualTo(1);
        assertThat(service.errLines()).containsExactly("coterie: /apps/web is a service entry; --content prints files only");
        assertThat(withJson.exit()).isEqualTo(2);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void anUnboundNameExitsOneWithTheDetail() {
        server.answer(r -> problem(404, "not-found", "name /apps/gone is not bound"));

        Result resolve = Cli.against(server, "name", "resolve", "/apps/gone", "-o", "json");
        Result unbind = Cli.against(server, "name", "unbind", "/apps/gone");

        assertThat(resolve.exit()).isEqualTo(1);
        assertThat(resolve.out()).isEmpty();
        assertThat(resolve.errLines()).containsExactly("coterie: name /apps/gone is not bound");
        assertThat(unbind.exit()).isEqualTo(1);
        assertThat(unbind.errLines()).containsExactly("coterie: name /apps/gone is not bound");
    }

    @Test
    void forbiddenAndFailedConditionsExitOneWithOneLine() {
        server.answer(r -> r.method().equals("PUT")
                ? problem(412, "condition-failed", "/apps/web is at revision 9, not 3")
                : problem(403, "forbidden", "read on /secret/x is not granted"));

        Result condition = Cli.against(server, "name", "bind", "/apps/web", "/apps/other", "--if-revision", "3");
        Result forbidden = Cli.against(server, "name", "ls", "/secret/");

        assertThat(condition.exit()).isEqualTo(1);
        assertThat(condition.errLines()).containsExactly("coterie: /apps/web is at revision 9, not 3");
        assertThat(forbidden.exit()).isEqualTo(1);
        assertThat(forbidden.errLines()).containsExactly("coterie: read on /secret/x is not granted");
    }

    @Test
    void lsFollowsEveryPageIntoOneJsonArray() {
        server.answer(r -> r.rawQuery().contains("after=")
                ? json(200, page(List.of("/apps/c"), false, null))
                : json(200, page(List.of("/apps/a", "/apps/b"), true, "/apps/b")));

        Result result = Cli.against(server, "name", "ls", "/apps/", "-o", "json");

        assertThat(server.requests()).extracting(Request::target).containsExactly(
                "/v1/names?prefix=%2Fapps%2F&limit=1000",
                "/v1/names?prefix=%2Fapps%2F&after=%2Fapps%2Fb&limit=1000");
        JsonNode entries = tree(result.out());
        assertThat(entries.isArray()).isTrue();
        assertThat(entries).extracting(n -> n.get("path").asString()).containsExactly("/apps/a", "/apps/b", "/apps/c");
    }

    @Test
    void lsTableWithChildrenAndALimit() {
        server.answer(r -> json(200, "{\"items\":[" + SERVICE + ",{\"kind\":\"link\",\"target\":\"/apps/web\",\"path\":\"/apps/w\","
                + "\"revision\":13},{\"kind\":\"file\",\"size\":42,\"sha256\":\"0123456789abcdef0123\",\"path\":\"/apps/f\","
                + "\"revision\":14}],\"more\":true,\"next\":\"/apps/f\",\"revision\":20}"));

        Result result = Cli.against(server, "name", "ls", "/apps/", "--children", "--limit", "3");

        assertThat(server.onlyRequest().rawQuery()).isEqualTo("prefix=%2Fapps%2F&children=true&limit=3");
        assertThat(result.out()).isEqualTo("""
                PATH       KIND     REVISION  SUMMARY
                /apps/web  service  12        10.0.0.1:8080,[::1]:9090
                /apps/w    link     13        -> /apps/web
                /apps/f    file     14        42 bytes, sha256 0123456789ab
                """);
    }

    @Test
    void lsDefaultsToEveryNameAndChecksItsArguments() {
        server.answer(r -> json(200, page(List.of(), false, null)));

        assertThat(Cli.against(server, "name", "ls").out()).isEmpty();
        assertThat(server.onlyRequest().rawQuery()).isEqualTo("prefix=%2F&limit=1000");
        assertThat(Cli.against(server, "name", "ls", "apps/").exit()).isEqualTo(1);
        assertThat(Cli.against(server, "name", "ls", "/", "--limit", "0").exit()).isEqualTo(2);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void unbindDeletesAndPrintsTheRevision() {
        server.answer(r -> json(200, "{\"path\":\"/apps/web\",\"revision\":30}"));

        Result result = Cli.against(server, "name", "unbind", "/apps/web", "--if-revision", "12");

        assertThat(result.out()).isEqualTo("30\n");
        assertThat(server.onlyRequest().method()).isEqualTo("DELETE");
        assertThat(server.onlyRequest().target()).isEqualTo("/v1/names/apps/web?ifRevision=12");
    }

    private static String page(List<String> paths, boolean more, String next) {
        List<Map<String, Object>> items = paths.stream().<Map<String, Object>>map(p -> Map.of("kind", "directory", "path", p,
                "revision", 5, "createRevision", 5)).toList();
        return Json.write(Map.of("items", items, "more", more, "next", next == null ? "" : next, "revision", 20));
    }
}
