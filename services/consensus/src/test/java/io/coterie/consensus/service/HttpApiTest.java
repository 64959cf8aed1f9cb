package io.coterie.consensus.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The store's HTTP API on a one-peer group: what a client sees, bad input above all. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HttpApiTest {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        SingleNode.register(registry);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @org.springframework.beans.factory.annotation.Autowired
    io.coterie.consensus.client.ConsensusClient store;

    private static io.coterie.testsupport.auth.TestTokens tokens;
    private String token;

    @BeforeEach
    void ready() {
        await().atMost(Duration.ofSeconds(30)).until(() -> http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        if (tokens == null) {
            tokens = io.coterie.testsupport.auth.TestTokens.publish(store);
        }
        token = tokens.admin();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return call(method, path, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body), "application/json");
    }

    private HttpResponse<String> call(String method, String path, HttpRequest.BodyPublisher body, String contentType) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .method(method, body)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** A client mistake: the right 4xx, a problem document of the right type, no stack trace. */
    private void problem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("https://coterie.dev/problems/" + type);
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void writeReadAndConditionalWrite() throws Exception {
        long revision = ok(call("PUT", "/v1/kv/app/greeting", "hello")).get("revision").asLong();
        JsonNode kv = ok(call("GET", "/v1/kv/app/greeting", null));
        assertThat(kv.get("key").asString()).isEqualTo("app/greeting");
        assertThat(kv.get("value").asString()).isEqualTo("hello");
        assertThat(kv.get("modRevision").asLong()).isEqualTo(revision);
        assertThat(kv.get("createRevision").asLong()).isEqualTo(revision);
        assertThat(kv.get("version").asLong()).isEqualTo(1);
        assertThat(kv.get("revision").asLong()).isGreaterThanOrEqualTo(revision);
        assertThat(ok(call("GET", "/v1/kv/app/greeting?stale=true", null)).get("value").asString()).isEqualTo("hello");

        HttpResponse<String> stale = call("PUT", "/v1/kv/app/greeting?ifRevision=" + (revision + 100), "late");
        problem(stale, 412, "condition-failed");
        assertThat(json.readTree(stale.body()).get("revision").asLong()).isEqualTo(revision);
        problem(call("PUT", "/v1/kv/app/greeting?ifRevision=0", "again"), 412, "condition-failed");
        ok(call("PUT", "/v1/kv/app/greeting?ifRevision=" + revision, "updated"));
        assertThat(ok(call("GET", "/v1/kv/app/greeting", null)).get("version").asLong()).isEqualTo(2);
    }

    @Test
    void binaryValuesTravelAsBase64OrRaw() throws Exception {
        byte[] bytes = {(byte) 0xff, 0x00, (byte) 0xfe};
        ok(call("PUT", "/v1/kv/bin/blob", HttpRequest.BodyPublishers.ofByteArray(bytes), "application/octet-stream"));
        JsonNode kv = ok(call("GET", "/v1/kv/bin/blob", null));
        assertThat(kv.has("value")).isFalse();
        assertThat(kv.get("valueBase64").asString()).isEqualTo("/wD+");
        HttpRequest raw = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/kv/bin/blob"))
                .header("Authorization", "Bearer " + token).header("Accept", "application/octet-stream").build();
        assertThat(http.send(raw, HttpResponse.BodyHandlers.ofByteArray()).body()).isEqualTo(bytes);
    }

    @Test
    void listingPagesThroughAPrefix() throws Exception {
        for (String key : List.of("list/c", "list/a", "list/b", "listing", "other")) {
            ok(call("PUT", "/v1/kv/" + key, "v"));
        }
        JsonNode first = ok(call("GET", "/v1/kv?prefix=list/&limit=2", null));
        assertThat(first.get("items").size()).isEqualTo(2);
        assertThat(first.get("more").asBoolean()).isTrue();
        assertThat(first.get("next").asString()).isEqualTo("list/b");
        JsonNode second = ok(call("GET", "/v1/kv?prefix=list/&limit=2&after=list/b", null));
        assertThat(second.get("items").get(0).get("key").asString()).isEqualTo("list/c");
        assertThat(second.get("more").asBoolean()).isFalse();
        assertThat(ok(call("DELETE", "/v1/kv?prefix=list/", null)).get("deleted").asLong()).isEqualTo(3);
        assertThat(ok(call("GET", "/v1/kv?prefix=list", null)).get("items").size()).isEqualTo(1);
    }

    @Test
    void badKeysValuesAndBodiesGetClearFourHundreds() throws Exception {
        problem(call("GET", "/v1/kv/missing/key", null), 404, "not-found");
        problem(call("DELETE", "/v1/kv/missing/key", null), 404, "not-found");
        problem(call("PUT", "/v1/kv/trailing/", "x"), 400, "invalid-key");
        problem(call("PUT", "/v1/kv/" + "k".repeat(1025), "x"), 400, "invalid-key");
        problem(call("GET", "/v1/kv?prefix=/absolute", null), 400, "invalid-key");
        problem(call("GET", "/v1/kv?prefix=a&limit=0", null), 400, "invalid-request");
        problem(call("GET", "/v1/kv?prefix=a&limit=many", null), 400, "invalid-request");
        problem(call("DELETE", "/v1/kv?prefix=", null), 400, "invalid-request");
        problem(call("PUT", "/v1/kv/big", HttpRequest.BodyPublishers.ofByteArray(new byte[1024 * 1024 + 1]), "application/octet-stream"),
                413, "payload-too-large");
        problem(call("PUT", "/v1/kv/huge", HttpRequest.BodyPublishers.ofByteArray(new byte[5 * 1024 * 1024]), "application/octet-stream"),
                413, "payload-too-large");
        problem(call("PATCH", "/v1/kv/a", "x"), 405, "method-not-allowed");
        problem(call("GET", "/v1/nothing-here", null), 404, "not-found");
        problem(call("POST", "/v1/txn", "{not json"), 400, "invalid-request");
        problem(call("POST", "/v1/txn", "{\"compare\":[{\"key\":\"a\",\"target\":\"colour\",\"result\":\"equal\",\"number\":1}]}"),
                400, "invalid-request");
        problem(call("POST", "/v1/txn", "{\"success\":[{\"put\":{\"key\":\"a\"}}]}"), 400, "invalid-request");
        problem(call("POST", "/v1/txn", "{\"success\":[{\"put\":{\"key\":\"a\",\"value\":\"1\"}},{\"put\":{\"key\":\"a\",\"value\":\"2\"}}]}"),
                400, "invalid-request");
        problem(call("POST", "/v1/leases", "{\"ttlSeconds\":0}"), 400, "invalid-request");
        problem(call("POST", "/v1/leases/999999/keepalive", null), 404, "lease-not-found");
        problem(call("PUT", "/v1/kv/leased?lease=999999", "x"), 404, "lease-not-found");
        problem(call("GET", "/v1/watch", null), 400, "invalid-request");
        problem(call("POST", "/v1/cluster/members", "{\"id\":\"bad id!\",\"address\":\"x\"}"), 400, "invalid-request");
        problem(call("DELETE", "/v1/cluster/members/nobody", null), 404, "not-found");
    }

    @Test
    void transactionsCompareThenAct() throws Exception {
        ok(call("PUT", "/v1/kv/txn/lock", "free"));
        String take = "{\"compare\":[{\"key\":\"txn/lock\",\"target\":\"value\",\"result\":\"equal\",\"value\":\"free\"}],"
                + "\"success\":[{\"put\":{\"key\":\"txn/lock\",\"value\":\"taken\"}}],"
                + "\"failure\":[{\"get\":{\"key\":\"txn/lock\"}}]}";
        assertThat(ok(call("POST", "/v1/txn", take)).get("succeeded").asBoolean()).isTrue();
        JsonNode again = ok(call("POST", "/v1/txn", take));
        assertThat(again.get("succeeded").asBoolean()).isFalse();
        assertThat(again.get("results").get(0).get("get").get("items").get(0).get("value").asString()).isEqualTo("taken");
    }

    @Test
    void leasedKeysGoWithTheirLease() throws Exception {
        long lease = ok(call("POST", "/v1/leases", "{\"ttlSeconds\":30}")).get("id").asLong();
        ok(call("PUT", "/v1/kv/session/a?lease=" + lease, "x"));
        assertThat(ok(call("GET", "/v1/leases/" + lease + "?keys=true", null)).get("keys").get(0).asString()).isEqualTo("session/a");
        ok(call("POST", "/v1/leases/" + lease + "/keepalive", null));
        assertThat(ok(call("DELETE", "/v1/leases/" + lease, null)).get("deleted").asLong()).isEqualTo(1);
        problem(call("GET", "/v1/kv/session/a", null), 404, "not-found");
    }

    @Test
    void watchStreamsEventsAndResumesAfterTheLastId() throws Exception {
        long start = ok(call("PUT", "/v1/kv/watched/a", "1")).get("revision").asLong();
        ok(call("PUT", "/v1/kv/unwatched", "x"));
        ok(call("PUT", "/v1/kv/watched/b", "2"));

        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/watch?prefix=watched/&fromRevision=" + start))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> stream = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (Exception e) {
                // The test closes the stream.
            }
        });
        reader.setDaemon(true);
        reader.start();
        ok(call("PUT", "/v1/kv/watched/c", "3"));
        await().atMost(Duration.ofSeconds(15)).until(() -> lines.stream().filter(l -> l.startsWith("data:")).count() == 3);
        stream.body().close();

        List<String> data = lines.stream().filter(l -> l.startsWith("data:")).toList();
        assertThat(data).allMatch(l -> l.contains("\"key\":\"watched/"));
        List<String> ids = new ArrayList<>(lines.stream().filter(l -> l.startsWith("id:")).toList());
        assertThat(ids).hasSize(3);
        String secondId = ids.get(1).substring(3).trim();

        HttpRequest resume = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/watch?prefix=watched/"))
                .header("Authorization", "Bearer " + token).header("Last-Event-ID", secondId).build();
        HttpResponse<InputStream> resumed = http.send(resume, HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader in = new BufferedReader(new InputStreamReader(resumed.body(), StandardCharsets.UTF_8));
        String line;
        do {
            line = in.readLine();
        } while (line != null && !line.startsWith("data:"));
        assertThat(line).as("the first event after the resume point").contains("watched/c");
        resumed.body().close();
    }

    @Test
    void watchingCompactedHistoryIsAnExplicitGone() throws Exception {
        ok(call("PUT", "/v1/kv/old/a", "1"));
        long now = ok(call("PUT", "/v1/kv/old/b", "2")).get("revision").asLong();
        ok(call("POST", "/v1/maintenance/compact", "{\"revision\":" + now + "}"));
        HttpResponse<String> gone = call("GET", "/v1/watch?prefix=old/&fromRevision=1", null);
        problem(gone, 410, "compacted");
        assertThat(json.readTree(gone.body()).get("compactRevision").asLong()).isEqualTo(now);
    }

    @Test
    void clusterStatusHasTheContractShape() throws Exception {
        JsonNode status = ok(call("GET", "/v1/cluster", null));
        assertThat(status.get("leader").asString()).isEqualTo("n1");
        assertThat(status.get("term").asLong()).isPositive();
        assertThat(status.get("term").asLong()).isPositive();
        assertThat(status.get("commitIndex").asLong()).isPositive();
        JsonNode member = status.get("members").get(0);
        assertThat(member.get("id").asString()).isEqualTo("n1");
        assertThat(member.get("address").asString()).startsWith("127.0.0.1:");
        assertThat(member.get("role").asString()).isEqualTo("leader");
    }

    @org.springframework.beans.factory.annotation.Autowired
    JsonMapper serviceJson;

    @Test
    void aMissingLeaderIsShownAsNullWhileOtherAbsentMembersAreLeftOut() {
        String body = serviceJson.writeValueAsString(new io.coterie.api.cluster.ClusterStatusView(null, 3, List.of(), 7));
        assertThat(body).contains("\"leader\":null");
        String kv = serviceJson.writeValueAsString(new io.coterie.api.kv.KeyValueView("k", "v", null, 1, 1, 1, 1, null));
        assertThat(kv).doesNotContain("valueBase64").doesNotContain("lease");
    }

    @Test
    void aTokenReachesOnlyWhatItsGrantsCover() throws Exception {
        ok(call("PUT", "/v1/kv/apps/a/x", "mine"));
        ok(call("PUT", "/v1/kv/apps/b/x", "theirs"));
        token = tokens.token("app-a", List.of("read:apps/a/", "write:apps/a/"), Duration.ofMinutes(5));
        ok(call("PUT", "/v1/kv/apps/a/y", "ok"));
        assertThat(ok(call("GET", "/v1/kv/apps/a/x", null)).get("value").asString()).isEqualTo("mine");
        problem(call("PUT", "/v1/kv/apps/b/x", "stolen"), 403, "forbidden");
        problem(call("GET", "/v1/kv/apps/b/x", null), 403, "forbidden");
        problem(call("GET", "/v1/kv?prefix=apps/", null), 403, "forbidden");
        problem(call("DELETE", "/v1/kv?prefix=apps/", null), 403, "forbidden");
        problem(call("POST", "/v1/txn", "{\"compare\":[{\"key\":\"apps/a/x\",\"target\":\"version\",\"result\":\"greater\",\"number\":0}],"
                + "\"success\":[{\"put\":{\"key\":\"apps/b/x\",\"value\":\"via txn\"}}]}"), 403, "forbidden");
        problem(call("GET", "/v1/kv/sys/identity/jwks", null), 403, "forbidden");
        problem(call("POST", "/v1/cluster/leader", "{\"id\":\"n1\"}"), 403, "forbidden");
        ok(call("GET", "/v1/cluster", null));

        token = tokens.token("reader", List.of("read:apps/"), Duration.ofMinutes(5));
        problem(call("PUT", "/v1/kv/apps/a/z", "x"), 403, "forbidden");
        problem(call("POST", "/v1/leases", "{\"ttlSeconds\":5}"), 403, "forbidden");
        assertThat(ok(call("GET", "/v1/kv?prefix=apps/", null)).get("items").size()).isGreaterThanOrEqualTo(3);
        token = tokens.admin();
        assertThat(ok(call("GET", "/v1/kv/apps/b/x", null)).get("value").asString()).isEqualTo("theirs");
    }
}
