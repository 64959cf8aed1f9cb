package io.coterie.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.coterie.auth.Grants;
import io.coterie.auth.StoreKeys;
import io.coterie.auth.TokenSigner;
import io.coterie.consensus.client.ConsensusClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The identity API end to end: bootstrap, principals, roles, tokens, audit, IDs; bad input above all. */
class HttpApiTest extends IdentityServiceTest {

    private static final AtomicInteger NAMES = new AtomicInteger();

    @Autowired
    JdbcClient db;

    /** A name no other test uses (they share one database). */
    private static String unique(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100000, 36);
    }

    private String createRole(String admin, String name, String... grants) {
        String body = json.writeValueAsString(Map.of("name", name, "grants", List.of(grants)));
        return ok(send("POST", "/v1/roles", body, bearer(admin))).get("name").asString();
    }

    private JsonNode createPrincipal(String admin, String name, List<String> roles, String secret) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("roles", roles);
        if (secret != null) {
            body.put("secret", secret);
        }
        HttpResponse<String> response = send("POST", "/v1/principals", json.writeValueAsString(body), bearer(admin));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body());
    }

    @Test
    void rootIsBootstrappedAndGetsAnAdminTokenWithItsSecret() throws Exception {
        JsonNode issued = ok(send("POST", "/v1/tokens", null, basic("root", ROOT_SECRET)));
        assertThat(issued.get("principal").asString()).isEqualTo("root");
        assertThat(issued.get("grants").toString()).isEqualTo("[\"admin:\"]");
        Instant expiresAt = Instant.parse(issued.get("expiresAt").asString());
        assertThat(expiresAt).isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));

        SignedJWT jwt = parse(issued.get("token").asString());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(claims.getIssuer()).isEqualTo("coterie");
        assertThat(claims.getSubject()).isEqualTo("root");
        assertThat(claims.getStringListClaim("grants")).containsExactly("admin:");
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(expiresAt);
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(storeClient().get(StoreKeys.ACTIVE_KEY).join().orElseThrow().valueAsString());

        JsonNode root = ok(send("GET", "/v1/principals/root", null, bearer(issued.get("token").asString())));
        assertThat(root.get("roles").toString()).isEqualTo("[\"admin\"]");
        assertThat(root.get("grants").toString()).isEqualTo("[\"admin:\"]");
        assertThat(root.has("createdAt")).isTrue();
        assertThat(root.toString()).doesNotContain("secret").doesNotContain("$2a$");
    }

    @Test
    void aPrincipalsTokenCarriesExactlyTheGrantsOfItsRoles() throws Exception {
        String admin = rootToken();
        String reader = createRole(admin, unique("reader"), "read:/apps/a/", "read:apps/a/", "read:/apps/a/");
        String writer = createRole(admin, unique("writer"), "write:apps/a/", "call:/svc/x");
        String name = unique("ci");
        JsonNode created = createPrincipal(admin, name, List.of(reader, writer), null);
        String secret = created.get("secret").asString();
        assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(created.get("roles").toString()).isEqualTo("[\"" + reader + "\",\"" + writer + "\"]");

        JsonNode issued = ok(send("POST", "/v1/tokens", "{\"ttlSeconds\":600}", basic(name, secret)));
        List<String> expected = List.of("call:/svc/x", "read:/apps/a/", "read:apps/a/", "write:apps/a/");
        assertThat(json.convertValue(issued.get("grants"), List.class)).isEqualTo(expected);
        JWTClaimsSet claims = parse(issued.get("token").asString()).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(name);
        assertThat(claims.getStringListClaim("grants")).isEqualTo(expected);
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant())).hasSeconds(600);

        JsonNode shown = ok(send("GET", "/v1/principals/" + name, null, bearer(admin)));
        assertThat(json.convertValue(shown.get("grants"), List.class)).isEqualTo(expected);
        assertThat(shown.has("secret")).isFalse();

        String chosen = "a-secret-the-admin-chose-42";
        String other = unique("svc");
        assertThat(createPrincipal(admin, other, List.of(), chosen).get("secret").asString()).isEqualTo(chosen);
        JsonNode bare = ok(send("POST", "/v1/tokens", null, basic(other, chosen)));
        assertThat(bare.get("grants").size()).isZero();
    }

    @Test
    void wrongSecretAndUnknownPrincipalGetTheSameAnswer() {
        String admin = rootToken();
        String name = unique("known");
        createPrincipal(admin, name, List.of(), "the-right-secret-123456");
        JsonNode wrongSecret = problem(send("POST", "/v1/tokens", null, basic(name, "not-the-right-secret")), 401, "unauthorized");
        JsonNode unknown = problem(send("POST", "/v1/tokens", null, basic(unique("nobody"), "not-the-right-secret")), 401, "unauthorized");
        assertThat(wrongSecret.get("detail")).isEqualTo(unknown.get("detail"));
        assertThat(wrongSecret.get("title")).isEqualTo(unknown.get("title"));
        JsonNode tooLong = problem(send("POST", "/v1/tokens", null, basic(name, "x".repeat(100))), 401, "unauthorized");
        assertThat(tooLong.get("detail")).isEqualTo(unknown.get("detail"));
        problem(send("POST", "/v1/tokens", null, "Basic !!!not-base64"), 401, "unauthorized");
        problem(send("POST", "/v1/tokens", null, null), 401, "unauthorized");
    }

    @Test
    void repeatedWrongSecretsAreThrottledForThatNameOnly() {
        String admin = rootToken();
        String name = unique("guessed");
        String other = unique("bystander");
        createPrincipal(admin, name, List.of(), "the-right-secret-123456");
        createPrincipal(admin, other, List.of(), "the-other-secret-123456");
        for (int i = 0; i < 5; i++) {
            problem(send("POST", "/v1/tokens", null, basic(name, "guess-number-" + i)), 401, "unauthorized");
        }
        HttpResponse<String> throttled = send("POST", "/v1/tokens", null, basic(name, "the-right-secret-123456"));
        JsonNode problem = problem(throttled, 429, "rate-limited");
        assertThat(problem.get("detail").asString()).contains("try again in");
        assertThat(throttled.headers().firstValue("Retry-After").map(Long::parseLong).orElseThrow()).isBetween(1L, 60L);
        // Somebody else is not held up by it, and once the wait is over the right secret works again.
        ok(send("POST", "/v1/tokens", null, basic(other, "the-other-secret-123456")));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> send("POST", "/v1/tokens", null, basic(name, "the-right-secret-123456")).statusCode() == 200);
    }

    @Test
    void aTokenWithoutAdminIsRefusedEveryAdminCall() {
        String admin = rootToken();
        String role = createRole(admin, unique("plain"), "read:/apps/", "write:apps/");
        String name = unique("plain");
        String secret = createPrincipal(admin, name, List.of(role), null).get("secret").asString();
        String token = token(name, secret);

        problem(send("POST", "/v1/principals", "{\"name\":\"" + unique("x") + "\",\"roles\":[]}", bearer(token)), 403, "forbidden");
        problem(send("GET", "/v1/principals", null, bearer(token)), 403, "forbidden");
        problem(send("GET", "/v1/principals/root", null, bearer(token)), 403, "forbidden");
        problem(send("DELETE", "/v1/principals/" + name, null, bearer(token)), 403, "forbidden");
        problem(send("POST", "/v1/roles", "{\"name\":\"" + unique("x") + "\",\"grants\":[\"admin:\"]}", bearer(token)), 403, "forbidden");
        problem(send("PUT", "/v1/roles/" + role, "{\"grants\":[\"admin:\"]}", bearer(token)), 403, "forbidden");
        problem(send("GET", "/v1/roles", null, bearer(token)), 403, "forbidden");
        problem(send("GET", "/v1/roles/" + role, null, bearer(token)), 403, "forbidden");
        problem(send("DELETE", "/v1/roles/" + role, null, bearer(token)), 403, "forbidden");
        problem(send("GET", "/v1/audit", null, bearer(token)), 403, "forbidden");
        problem(send("POST", "/v1/keys/rotate", null, bearer(token)), 403, "forbidden");
        problem(send("POST", "/v1/tokens", "{\"principal\":\"root\"}", bearer(token)), 403, "forbidden");
        problem(send("POST", "/v1/tokens", "{\"principal\":\"root\"}", basic(name, secret)), 403, "forbidden");
        problem(send("POST", "/v1/tokens", null, bearer(token)), 403, "forbidden");

        ok(send("GET", "/v1/jwks", null, bearer(token)));
        assertThat(ok(send("POST", "/v1/ids?count=3", null, bearer(token))).get("count").asLong()).isEqualTo(3);
    }

    @Test
    void badNamesGrantsSecretsAndParametersGetClearFourHundreds() {
        String admin = rootToken();
        for (String bad : List.of("Upper", "-lead", ".dot", "a".repeat(64), "with space", "slash/y", "")) {
            problem(send("POST", "/v1/principals", json.writeValueAsString(Map.of("name", bad)), bearer(admin)),
                    400, "invalid-request");
            problem(send("POST", "/v1/roles", json.writeValueAsString(Map.of("name", bad, "grants", List.of())), bearer(admin)),
                    400, "invalid-request");
        }
        for (String grant : List.of("read", "fly:/apps/", ":apps/", "READ:/apps/", "read:/apps/\u0001")) {
            JsonNode refused = problem(send("POST", "/v1/roles", json.writeValueAsString(
                    Map.of("name", unique("r"), "grants", List.of(grant))), bearer(admin)), 400, "invalid-request");
            assertThat(refused.get("detail").asString()).startsWith("bad grant");
        }
        problem(send("POST", "/v1/roles", "{\"name\":\"" + unique("r") + "\"}", bearer(admin)), 400, "invalid-request");
        problem(send("POST", "/v1/principals", "{\"name\":\"" + unique("p") + "\",\"secret\":\"short\"}", bearer(admin)),
                400, "invalid-request");
        problem(send("POST", "/v1/principals", "{\"name\":\"" + unique("p") + "\",\"secret\":\"" + "s".repeat(73) + "\"}", bearer(admin)),
                400, "invalid-request");
        problem(send("POST", "/v1/principals", "{\"roles\":[]}", bearer(admin)), 400, "invalid-request");
        problem(send("POST", "/v1/principals", "{not json", bearer(admin)), 400, "invalid-request");
        problem(send("POST", "/v1/principals", "{\"name\":\"" + unique("p") + "\",\"roles\":[\"" + unique("ghost") + "\"]}",
                bearer(admin)), 404, "not-found");
        String role = createRole(admin, unique("r"), "read:x/");
        problem(send("PUT", "/v1/roles/" + role, "{\"name\":\"other\",\"grants\":[]}", bearer(admin)), 400, "invalid-request");
        problem(send("GET", "/v1/principals/Not-Valid", null, bearer(admin)), 400, "invalid-request");
        problem(send("GET", "/v1/principals/" + unique("missing"), null, bearer(admin)), 404, "not-found");
        problem(send("GET", "/v1/roles/" + unique("missing"), null, bearer(admin)), 404, "not-found");
        problem(send("DELETE", "/v1/roles/" + unique("missing"), null, bearer(admin)), 404, "not-found");

        problem(send("POST", "/v1/tokens", "{\"ttlSeconds\":59}", basic("root", ROOT_SECRET)), 400, "invalid-request");
        problem(send("POST", "/v1/tokens", "{\"ttlSeconds\":2592001}", basic("root", ROOT_SECRET)), 400, "invalid-request");
        problem(send("POST", "/v1/tokens", "{\"principal\":\"No Such\"}", bearer(admin)), 400, "invalid-request");
        problem(send("POST", "/v1/tokens", "{\"principal\":\"" + unique("ghost") + "\"}", bearer(admin)), 404, "not-found");
        problem(send("POST", "/v1/ids?count=0", null, bearer(admin)), 400, "invalid-request");
        problem(send("POST", "/v1/ids?count=100001", null, bearer(admin)), 400, "invalid-request");
        problem(send("POST", "/v1/ids?count=many", null, bearer(admin)), 400, "invalid-request");
        problem(send("GET", "/v1/audit?limit=0", null, bearer(admin)), 400, "invalid-request");
        problem(send("GET", "/v1/audit?limit=1001", null, bearer(admin)), 400, "invalid-request");
        problem(send("GET", "/v1/principals?limit=0", null, bearer(admin)), 400, "invalid-request");
        problem(send("PATCH", "/v1/roles/" + role, "{}", bearer(admin)), 405, "method-not-allowed");
        problem(send("GET", "/v1/nothing-here", null, bearer(admin)), 404, "not-found");
    }

    @Test
    void duplicatesAndDeletingRootOrARoleInUseAreConflicts() {
        String admin = rootToken();
        String role = createRole(admin, unique("dup"), "read:/a/");
        problem(send("POST", "/v1/roles", "{\"name\":\"" + role + "\",\"grants\":[]}", bearer(admin)), 409, "conflict");
        String name = unique("dup");
        createPrincipal(admin, name, List.of(role), null);
        problem(send("POST", "/v1/principals", "{\"name\":\"" + name + "\",\"roles\":[]}", bearer(admin)), 409, "conflict");
        problem(send("POST", "/v1/principals", "{\"name\":\"root\",\"roles\":[]}", bearer(admin)), 409, "conflict");
        problem(send("DELETE", "/v1/principals/root", null, bearer(admin)), 409, "conflict");
        problem(send("DELETE", "/v1/roles/" + role, null, bearer(admin)), 409, "conflict");
        problem(send("DELETE", "/v1/roles/admin", null, bearer(admin)), 409, "conflict");

        ok(send("DELETE", "/v1/principals/" + name, null, bearer(admin)));
        problem(send("GET", "/v1/principals/" + name, null, bearer(admin)), 404, "not-found");
        problem(send("DELETE", "/v1/principals/" + name, null, bearer(admin)), 404, "not-found");
        ok(send("DELETE", "/v1/roles/" + role, null, bearer(admin)));
        problem(send("GET", "/v1/roles/" + role, null, bearer(admin)), 404, "not-found");
    }

    @Test
    void replacingARoleChangesTheGrantsOfTheNextToken() {
        String admin = rootToken();
        String role = createRole(admin, unique("grow"), "read:/a/");
        String name = unique("grower");
        String secret = createPrincipal(admin, name, List.of(role), null).get("secret").asString();
        assertThat(ok(send("POST", "/v1/tokens", null, basic(name, secret))).get("grants").toString()).isEqualTo("[\"read:/a/\"]");
        JsonNode replaced = ok(send("PUT", "/v1/roles/" + role, "{\"grants\":[\"read:/a/\",\"write:a/\"]}", bearer(admin)));
        assertThat(replaced.get("grants").toString()).isEqualTo("[\"read:/a/\",\"write:a/\"]");
        assertThat(ok(send("POST", "/v1/tokens", null, basic(name, secret))).get("grants").toString())
                .isEqualTo("[\"read:/a/\",\"write:a/\"]");
        String created = unique("fresh");
        assertThat(ok(send("PUT", "/v1/roles/" + created, "{\"grants\":[\"submit:jobs/\"]}", bearer(admin))).get("name").asString())
                .isEqualTo(created);
        JsonNode listed = ok(send("GET", "/v1/roles?limit=1000", null, bearer(admin)));
        List<String> names = new ArrayList<>();
        listed.get("items").forEach(item -> names.add(item.get("name").asString()));
        assertThat(names).contains("admin", role, created);
    }

    @Test
    void anAdminGetsATokenForAnotherPrincipalAndTheAuditLogSaysSo() {
        String admin = rootToken();
        String name = unique("deploy");
        String role = createRole(admin, unique("deployer"), "submit:jobs/");
        createPrincipal(admin, name, List.of(role), null);
        JsonNode issued = ok(send("POST", "/v1/tokens", "{\"principal\":\"" + name + "\",\"ttlSeconds\":600}", bearer(admin)));
        assertThat(issued.get("principal").asString()).isEqualTo(name);
        assertThat(issued.get("grants").toString()).isEqualTo("[\"submit:jobs/\"]");
        String jti;
        try {
            jti = parse(issued.get("token").asString()).getJWTClaimsSet().getJWTID();
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
        JsonNode entry = auditEntries(admin).stream()
                .filter(e -> e.get("action").asString().equals("token.issue") && e.get("subject").asString().equals(name))
                .findFirst().orElseThrow();
        assertThat(entry.get("actor").asString()).isEqualTo("root");
        assertThat(entry.get("detail").get("jti").asString()).isEqualTo(jti);
        assertThat(entry.get("detail").get("ttlSeconds").asLong()).isEqualTo(600);
        assertThat(entry.toString()).doesNotContain(issued.get("token").asString());
    }

    @Test
    void everyChangeIsAuditedAndTheDatabaseRefusesToRewriteTheAuditLog() {
        String admin = rootToken();
        String role = createRole(admin, unique("audited"), "read:/x/");
        String name = unique("audited");
        createPrincipal(admin, name, List.of(role), "an-audited-secret-value");
        ok(send("PUT", "/v1/roles/" + role, "{\"grants\":[\"read:/y/\"]}", bearer(admin)));
        ok(send("DELETE", "/v1/principals/" + name, null, bearer(admin)));
        ok(send("DELETE", "/v1/roles/" + role, null, bearer(admin)));

        List<JsonNode> entries = auditEntries(admin);
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.get("action").asString()).isEqualTo("principal.create");
            assertThat(e.get("subject").asString()).isEqualTo("root");
            assertThat(e.get("actor").asString()).isEqualTo("system");
        });
        List<String> mine = entries.stream().filter(e -> e.get("subject").asString().equals(name) || e.get("subject").asString().equals(role))
                .map(e -> e.get("action").asString() + " " + e.get("subject").asString() + " by " + e.get("actor").asString()).toList();
        assertThat(mine).containsExactly("role.create " + role + " by root", "principal.create " + name + " by root",
                "role.replace " + role + " by root", "principal.delete " + name + " by root", "role.delete " + role + " by root");
        assertThat(entries.toString()).doesNotContain("an-audited-secret-value");
        long seq = entries.get(entries.size() - 1).get("seq").asLong();

        assertThatThrownBy(() -> db.sql("update audit set actor = 'someone-else' where seq = ?").param(seq).update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.sql("delete from audit where seq = ?").param(seq).update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.sql("truncate audit").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThat(db.sql("select actor from audit where seq = ?").param(seq).query(String.class).single()).isEqualTo("root");
    }

    @Test
    void aShortLivedTokenWorksNowAndAnExpiredOneIsRefused() throws Exception {
        JsonNode issued = ok(send("POST", "/v1/tokens", "{\"ttlSeconds\":60}", basic("root", ROOT_SECRET)));
        assertThat(Duration.between(Instant.now(), Instant.parse(issued.get("expiresAt").asString())))
                .isBetween(Duration.ofSeconds(55), Duration.ofSeconds(61));
        ok(send("GET", "/v1/jwks", null, bearer(issued.get("token").asString())));

        // The same key, the same principal, but a lifetime that ended two minutes ago (beyond any clock skew allowance).
        ConsensusClient store = storeClient();
        String kid = store.get(StoreKeys.ACTIVE_KEY).join().orElseThrow().valueAsString();
        ECKey key = ECKey.parse(store.get(StoreKeys.SIGNING_KEYS + kid).join().orElseThrow().valueAsString());
        String expired = TokenSigner.sign(key, "root", Grants.parse(List.of("admin:")),
                Instant.now().minus(Duration.ofMinutes(3)), Duration.ofSeconds(60));
        problem(send("GET", "/v1/jwks", null, bearer(expired)), 401, "unauthorized");
        ok(send("GET", "/v1/jwks", null, bearer(TokenSigner.sign(key, "root", Grants.parse(List.of("admin:")), Duration.ofSeconds(60)))));
    }

    @Test
    void idsComeInIncreasingRangesOfTheRequestedSize() {
        String admin = rootToken();
        long last = 0;
        for (int count : List.of(1, 7, 1000, 25_000, 100_000)) {
            JsonNode ids = ok(send("POST", "/v1/ids?count=" + count, null, bearer(admin)));
            assertThat(ids.get("count").asLong()).isEqualTo(count);
            long total = 0;
            for (JsonNode range : ids.get("ranges")) {
                assertThat(range.get("first").asLong()).isGreaterThan(last);
                last = range.get("first").asLong() + range.get("count").asLong() - 1;
                total += range.get("count").asLong();
            }
            assertThat(total).isEqualTo(count);
        }
        assertThat(ok(send("POST", "/v1/ids", null, bearer(admin))).get("count").asLong()).isEqualTo(1);
    }

    @Test
    void principalsAreListedInPages() {
        String admin = rootToken();
        for (int i = 0; i < 3; i++) {
            createPrincipal(admin, unique("paged"), List.of(), null);
        }
        List<String> names = new ArrayList<>();
        String after = "";
        while (true) {
            JsonNode page = ok(send("GET", "/v1/principals?limit=2&after=" + after, null, bearer(admin)));
            page.get("items").forEach(p -> names.add(p.get("name").asString()));
            page.get("items").forEach(p -> assertThat(p.has("secret")).isFalse());
            if (!page.has("next")) {
                break;
            }
            after = page.get("next").asString();
        }
        assertThat(names).contains("root").isSorted().doesNotHaveDuplicates();
    }
}
