package io.coterie.naming.service;

import static io.coterie.testsupport.http.Http.ok;
import static io.coterie.testsupport.http.Http.problem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The naming API on a one-peer group: every kind of entry, links, files, listings, sessions, and bad input. */
class NamingHttpApiTest extends ServiceTestBase {

    /** The documented file limit, spelled out so that a change to it shows up here. */
    private static final int MAX_FILE_BYTES = 1_000_000;

    private static final String SERVICE = "{\"kind\":\"service\",\"metadata\":{\"team\":\"pay\"},\"instances\":["
            + "{\"id\":\"i1\",\"address\":\"10.0.0.1\",\"port\":8080,\"metadata\":{\"zone\":\"a\"},\"health\":\"passing\"},"
            + "{\"id\":\"i2\",\"address\":\"10.0.0.2\",\"port\":8081}]}";

    @Test
    void aServiceIsBoundResolvedListedAndUnbound() {
        JsonNode bound = ok(admin.putJson("/v1/names/api/svc/pay", SERVICE));
        assertThat(bound.get("path").asString()).isEqualTo("/api/svc/pay");
        long revision = bound.get("revision").asLong();

        HttpResponse<String> resolved = admin.get("/v1/names/api/svc/pay");
        JsonNode entry = ok(resolved);
        assertThat(resolved.headers().firstValue(NameController.STALENESS_HEADER)).isPresent();
        assertThat(entry.get("path").asString()).isEqualTo("/api/svc/pay");
        assertThat(entry.get("kind").asString()).isEqualTo("service");
        assertThat(entry.get("revision").asLong()).isEqualTo(revision);
        assertThat(entry.get("createRevision").asLong()).isEqualTo(revision);
        assertThat(entry.has("session")).isFalse();
        assertThat(entry.get("metadata").get("team").asString()).isEqualTo("pay");
        JsonNode second = entry.get("instances").get(1);
        assertThat(second.get("id").asString()).isEqualTo("i2");
        assertThat(second.get("port").asInt()).isEqualTo(8081);
        assertThat(second.get("health").asString()).as("the default").isEqualTo("passing");
        assertThat(entry.get("instances").get(0).get("metadata").get("zone").asString()).isEqualTo("a");

        ok(admin.putJson("/v1/names/api/svc/dir", "{\"kind\":\"directory\"}"));
        JsonNode page = ok(admin.get("/v1/names?prefix=/api/svc/"));
        assertThat(paths(page)).containsExactly("/api/svc/dir", "/api/svc/pay");
        assertThat(page.get("more").asBoolean()).isFalse();

        JsonNode unbound = ok(admin.delete("/v1/names/api/svc/pay"));
        assertThat(unbound.get("revision").asLong()).isGreaterThan(revision);
        problem(admin.get("/v1/names/api/svc/pay"), 404, "not-found");
        problem(admin.get("/v1/names/api/svc/pay?consistency=linearizable"), 404, "not-found");
        problem(admin.delete("/v1/names/api/svc/pay"), 404, "not-found");
    }

    @Test
    void linksAreFollowedUpToEightDeepAndLoopsAreRefused() {
        ok(admin.putJson("/v1/names/links/real", "{\"kind\":\"directory\",\"metadata\":{\"is\":\"real\"}}"));
        ok(admin.putJson("/v1/names/links/l0", "{\"kind\":\"link\",\"target\":\"/links/real\"}"));
        for (int i = 1; i <= 8; i++) {
            ok(admin.putJson("/v1/names/links/l" + i, "{\"kind\":\"link\",\"target\":\"/links/l" + (i - 1) + "\"}"));
        }
        JsonNode followed = ok(admin.get("/v1/names/links/l7"));
        assertThat(followed.get("path").asString()).isEqualTo("/links/real");
        assertThat(followed.get("metadata").get("is").asString()).isEqualTo("real");
        assertThat(ok(admin.get("/v1/names/links/l7?consistency=linearizable")).get("path").asString()).isEqualTo("/links/real");
        JsonNode link = ok(admin.get("/v1/names/links/l7?follow=false"));
        assertThat(link.get("kind").asString()).isEqualTo("link");
        assertThat(link.get("target").asString()).isEqualTo("/links/l6");

        assertThat(problem(admin.get("/v1/names/links/l8"), 409, "conflict").get("detail").asString())
                .contains("more than 8 links");

        ok(admin.putJson("/v1/names/links/a", "{\"kind\":\"link\",\"target\":\"/links/b\"}"));
        ok(admin.putJson("/v1/names/links/b", "{\"kind\":\"link\",\"target\":\"/links/a\"}"));
        assertThat(problem(admin.get("/v1/names/links/a"), 409, "conflict").get("detail").asString())
                .contains("/links/a -> /links/b -> /links/a");
        problem(admin.get("/v1/names/links/a?consistency=linearizable"), 409, "conflict");

        ok(admin.putJson("/v1/names/links/dangling", "{\"kind\":\"link\",\"target\":\"/links/nowhere\"}"));
        assertThat(problem(admin.get("/v1/names/links/dangling"), 404, "not-found").get("detail").asString())
                .contains("/links/nowhere");
        problem(admin.putJson("/v1/names/links/self", "{\"kind\":\"link\",\"target\":\"/links/self\"}"), 400, "invalid-request");
        assertThat(problem(admin.putJson("/v1/names/links/bad", "{\"kind\":\"link\",\"target\":\"/a/../b\"}"), 400,
                "invalid-request").get("detail").asString()).contains("'..' segment");
    }

    @Test
    void filesGoInAndComeOutRawWithTheirSha256() throws Exception {
        byte[] content = new byte[MAX_FILE_BYTES];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i % 251);
        }
        ok(admin.putBytes("/v1/names/files/big.bin", content, "application/octet-stream"));
        JsonNode file = ok(admin.get("/v1/names/files/big.bin"));
        assertThat(file.get("kind").asString()).isEqualTo("file");
        assertThat(file.get("size").asLong()).isEqualTo(content.length);
        assertThat(file.get("sha256").asString()).isEqualTo(sha256(content));
        assertThat(file.get("contentType").asString()).isEqualTo("application/octet-stream");

        HttpResponse<byte[]> raw = admin.send(admin.request("/v1/names/files/big.bin")
                .header("Accept", "application/octet-stream").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(raw.body()).isEqualTo(content);

        byte[] text = "hello, names".getBytes(StandardCharsets.UTF_8);
        ok(admin.putBytes("/v1/names/files/hello.txt?contentType=text/plain", text, "application/octet-stream"));
        assertThat(ok(admin.get("/v1/names/files/hello.txt")).get("contentType").asString()).isEqualTo("text/plain");
        ok(admin.putJson("/v1/names/files/link", "{\"kind\":\"link\",\"target\":\"/files/hello.txt\"}"));
        HttpResponse<byte[]> viaLink = admin.send(admin.request("/v1/names/files/link")
                .header("Accept", "application/octet-stream").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(viaLink.body()).isEqualTo(text);

        problem(admin.putBytes("/v1/names/files/too-big", new byte[MAX_FILE_BYTES + 1], "application/octet-stream"),
                413, "payload-too-large");
        problem(admin.putJson("/v1/names/files/json", "{\"kind\":\"file\",\"size\":1}"), 400, "invalid-request");
        problem(admin.putBytes("/v1/names/files/odd?contentType=nonsense", text, "application/octet-stream"), 400,
                "invalid-request");
        ok(admin.putJson("/v1/names/files/dir", "{\"kind\":\"directory\"}"));
        problem(admin.send(admin.request("/v1/names/files/dir").header("Accept", "application/octet-stream").build()),
                406, "not-acceptable");
        assertThat(ok(admin.send(admin.request("/v1/names/files/dir")
                .header("Accept", "application/octet-stream, application/json").build())).get("kind").asString())
                .isEqualTo("directory");
        problem(admin.send(admin.request("/v1/names/files/missing").header("Accept", "application/octet-stream").build()),
                404, "not-found");
    }

    @Test
    void listingsPageAndCanShowOnlyChildren() {
        for (String name : List.of("/list/a", "/list/a/deep/x", "/list/a/y", "/list/b", "/list/c", "/list/c/z", "/listing", "/list2/a")) {
            ok(admin.putJson("/v1/names" + name, "{\"kind\":\"directory\"}"));
        }
        assertThat(paths(ok(admin.get("/v1/names?prefix=/list/"))))
                .containsExactly("/list/a", "/list/a/deep/x", "/list/a/y", "/list/b", "/list/c", "/list/c/z");
        assertThat(paths(ok(admin.get("/v1/names?prefix=/list/&children=true")))).containsExactly("/list/a", "/list/b", "/list/c");
        assertThat(paths(ok(admin.get("/v1/names?prefix=/list")))).contains("/listing", "/list2/a");

        JsonNode first = ok(admin.get("/v1/names?prefix=/list/&children=true&limit=2"));
        assertThat(paths(first)).containsExactly("/list/a", "/list/b");
        assertThat(first.get("more").asBoolean()).isTrue();
        assertThat(first.get("next").asString()).isEqualTo("/list/b");
        assertThat(first.get("revision").asLong()).isPositive();
        JsonNode second = ok(admin.get("/v1/names?prefix=/list/&children=true&limit=2&after=/list/b"));
        assertThat(paths(second)).containsExactly("/list/c");
        assertThat(second.get("more").asBoolean()).isFalse();
        assertThat(second.has("next")).isFalse();

        problem(admin.get("/v1/names?prefix=list/"), 400, "invalid-name");
        problem(admin.get("/v1/names?prefix=/list/../"), 400, "invalid-name");
        problem(admin.get("/v1/names?prefix=/list/&limit=0"), 400, "invalid-request");
        problem(admin.get("/v1/names?prefix=/list/&limit=1001"), 400, "invalid-request");
        problem(admin.get("/v1/names?prefix=/list/&after=relative"), 400, "invalid-name");
    }

    @Test
    void brokenNameRulesAreNamed() {
        assertRule("/v1/names/apps/a%20b", "letters, digits, '.', '_' and '-'");
        assertRule("/v1/names/apps/a*", "letters, digits, '.', '_' and '-'");
        assertRule("/v1/names/apps/trailing/", "empty segment");
        assertRule("/v1/names/" + "s".repeat(129), "a segment has 1 to 128");
        assertRule("/v1/names" + "/a".repeat(33), "the limit is 32");
        assertRule("/v1/names" + ("/" + "x".repeat(100)).repeat(9), "the limit is 900 bytes");
        // '..' and '//' never reach the service: the firewall refuses URLs that are not normalized.
        problem(admin.get("/v1/names/apps/../etc"), 400, "invalid-request");
        problem(admin.get("/v1/names/apps//a"), 400, "invalid-request");
    }

    private void assertRule(String path, String rule) {
        for (HttpResponse<String> response : List.of(admin.get(path), admin.putJson(path, "{\"kind\":\"directory\"}"),
                admin.delete(path))) {
            assertThat(problem(response, 400, "invalid-name").get("detail").asString()).contains(rule);
        }
    }

    @Test
    void conditionalWritesCompareTheRevision() {
        long created = ok(admin.putJson("/v1/names/cas/x?ifRevision=0", "{\"kind\":\"directory\"}")).get("revision").asLong();
        JsonNode taken = problem(admin.putJson("/v1/names/cas/x?ifRevision=0", "{\"kind\":\"directory\"}"), 412, "condition-failed");
        assertThat(taken.get("revision").asLong()).isEqualTo(created);
        JsonNode stale = problem(admin.putJson("/v1/names/cas/x?ifRevision=" + (created - 1), "{\"kind\":\"directory\"}"),
                412, "condition-failed");
        assertThat(stale.get("revision").asLong()).isEqualTo(created);
        long rebound = ok(admin.putJson("/v1/names/cas/x?ifRevision=" + created, "{\"kind\":\"directory\"}")).get("revision").asLong();
        JsonNode entry = ok(admin.get("/v1/names/cas/x"));
        assertThat(entry.get("revision").asLong()).isEqualTo(rebound);
        assertThat(entry.get("createRevision").asLong()).isEqualTo(created);

        assertThat(problem(admin.delete("/v1/names/cas/x?ifRevision=" + created), 412, "condition-failed")
                .get("revision").asLong()).isEqualTo(rebound);
        ok(admin.delete("/v1/names/cas/x?ifRevision=" + rebound));
        assertThat(problem(admin.delete("/v1/names/cas/x?ifRevision=" + rebound), 412, "condition-failed")
                .get("revision").asLong()).isZero();
        problem(admin.delete("/v1/names/cas/x?ifRevision=0"), 404, "not-found");
        problem(admin.putJson("/v1/names/cas/x?ifRevision=-1", "{\"kind\":\"directory\"}"), 400, "invalid-request");
    }

    @Test
    void badBodiesGetClearFourHundreds() {
        problem(admin.putJson("/v1/names/bad/x", "{not json"), 400, "invalid-request");
        problem(admin.putJson("/v1/names/bad/x", "{\"kind\":\"printer\"}"), 400, "invalid-request");
        problem(admin.putJson("/v1/names/bad/x", "{\"kind\":\"service\",\"instances\":[{\"id\":\"a\",\"address\":\"h\",\"port\":65536}]}"),
                400, "invalid-request");
        problem(admin.putJson("/v1/names/bad/x", "{\"kind\":\"service\",\"instances\":[{\"id\":\"a\",\"address\":\"h\",\"port\":1,"
                + "\"health\":\"fine\"}]}"), 400, "invalid-request");
        problem(admin.putJson("/v1/names/bad/x", "{\"kind\":\"directory\",\"extra\":1}"), 400, "invalid-request");
        problem(admin.putJson("/v1/names/bad/x", ""), 400, "invalid-request");
        problem(admin.putJson("/v1/names/bad/x", "{\"kind\":\"directory\",\"metadata\":{\"k\":\"" + "v".repeat(1024 * 1024) + "\"}}"),
                413, "payload-too-large");
        problem(admin.send(admin.request("/v1/names/bad/x").PUT(HttpRequest.BodyPublishers.ofString("x")).build()),
                415, "unsupported-media-type");
        problem(admin.putBytes("/v1/names/bad/x", "x".getBytes(StandardCharsets.UTF_8), "text/plain"), 415, "unsupported-media-type");
        problem(admin.get("/v1/names/bad/x?follow=maybe"), 400, "invalid-request");
        problem(admin.get("/v1/names/bad/x?consistency=eventual"), 400, "invalid-request");
        problem(admin.putJson("/v1/names/bad/x?session=0", "{\"kind\":\"directory\"}"), 400, "invalid-request");
        problem(admin.send(admin.request("/v1/names/bad/x").method("PATCH", HttpRequest.BodyPublishers.noBody()).build()),
                405, "method-not-allowed");
        problem(admin.putJson("/v1/names/bad/x?contentType=text/plain", "{\"kind\":\"directory\"}"), 400, "invalid-request");
    }

    @Test
    void ephemeralEntriesGoWithTheirSession() {
        JsonNode session = ok(admin.postJson("/v1/sessions", "{\"ttlSeconds\":30}"));
        long id = session.get("id").asLong();
        assertThat(session.get("ttlSeconds").asLong()).isEqualTo(30);
        ok(admin.putJson("/v1/names/eph/a?session=" + id, "{\"kind\":\"directory\"}"));
        ok(admin.putJson("/v1/names/eph/b?session=" + id, "{\"kind\":\"directory\"}"));
        assertThat(ok(admin.get("/v1/names/eph/a")).get("session").asLong()).isEqualTo(id);
        assertThat(ok(admin.postJson("/v1/sessions/" + id + "/keepalive", "")).get("id").asLong()).isEqualTo(id);

        assertThat(ok(admin.delete("/v1/sessions/" + id)).get("deleted").asLong()).isEqualTo(2);
        problem(admin.get("/v1/names/eph/a"), 404, "not-found");
        problem(admin.get("/v1/names/eph/b?consistency=linearizable"), 404, "not-found");
        problem(admin.postJson("/v1/sessions/" + id + "/keepalive", ""), 404, "lease-not-found");
        problem(admin.delete("/v1/sessions/" + id), 404, "lease-not-found");
        problem(admin.putJson("/v1/names/eph/c?session=" + id, "{\"kind\":\"directory\"}"), 404, "lease-not-found");
        problem(admin.postJson("/v1/sessions", "{\"ttlSeconds\":0}"), 400, "invalid-request");
        problem(admin.postJson("/v1/sessions", "{\"ttlSeconds\":\"soon\"}"), 400, "invalid-request");
        problem(admin.delete("/v1/sessions/-3"), 400, "invalid-request");
        assertThat(ok(admin.postJson("/v1/sessions", "")).get("ttlSeconds").asLong()).isEqualTo(SessionController.DEFAULT_TTL_SECONDS);
    }

    @Test
    void theServiceRegistersItself() {
        JsonNode page = ok(admin.get("/v1/names?prefix=/sys/services/naming/"));
        List<JsonNode> mine = StreamSupport.stream(page.get("items").spliterator(), false)
                .filter(item -> item.get("instances").get(0).get("port").asInt() == port).toList();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("kind").asString()).isEqualTo("service");
        assertThat(mine.get(0).get("session").asLong()).as("ephemeral").isPositive();
        assertThat(mine.get(0).get("path").asString()).endsWith("-" + port);
    }

    @Test
    void readinessAndMetricsShowTheCache() {
        ok(admin.as(null).get("/actuator/health/readiness"));
        JsonNode health = ok(admin.get("/actuator/health"));
        JsonNode cache = health.get("components").get("nameCache");
        assertThat(cache.get("status").asString()).isEqualTo("UP");
        assertThat(cache.get("details").get("stalenessMillis").asLong()).isLessThan(2000);
        HttpResponse<String> metrics = admin.get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("naming_cache_staleness").contains("naming_cache_entries")
                .contains("naming_cache_revision");
    }

    private static List<String> paths(JsonNode page) {
        return StreamSupport.stream(page.get("items").spliterator(), false).map(item -> item.get("path").asString()).toList();
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
