package io.coterie.naming.service;

import static io.coterie.testsupport.http.Http.ok;
import static io.coterie.testsupport.http.Http.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.testsupport.http.Http;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** What a token scoped to /apps/a/ may and may not do. */
class RoleScopingTest extends ServiceTestBase {

    private Http scoped() {
        return as("read:/apps/a/", "write:/apps/a/");
    }

    @Test
    void aScopedTokenWritesAndReadsOnlyUnderItsPrefix() {
        Http scoped = scoped();
        ok(scoped.putJson("/v1/names/apps/a/x", "{\"kind\":\"directory\"}"));
        ok(scoped.get("/v1/names/apps/a/x"));
        ok(scoped.get("/v1/names?prefix=/apps/a/"));
        ok(admin.putJson("/v1/names/apps/b/x", "{\"kind\":\"directory\"}"));

        assertThat(problem(scoped.putJson("/v1/names/apps/b/x", "{\"kind\":\"directory\"}"), 403, "forbidden")
                .get("detail").asString()).contains("write").contains("/apps/b/x");
        assertThat(problem(scoped.get("/v1/names/apps/b/x"), 403, "forbidden").get("detail").asString())
                .contains("read").contains("/apps/b/x");
        problem(scoped.get("/v1/names/apps/b/unbound"), 403, "forbidden");
        problem(scoped.delete("/v1/names/apps/b/x"), 403, "forbidden");
        problem(scoped.get("/v1/names?prefix=/apps/"), 403, "forbidden");
        problem(scoped.get("/v1/names"), 403, "forbidden");
        problem(scoped.get("/v1/watch/names?prefix=/apps/"), 403, "forbidden");
        problem(scoped.send(scoped.request("/v1/watch/names?prefix=/apps/").header("Accept", "text/event-stream").build()),
                403, "forbidden");
        problem(scoped.get("/v1/watch/names?path=/apps/b/x"), 403, "forbidden");
        // The grant is a text prefix of the name: /apps/a/ does not cover /apps/ab.
        problem(scoped.putJson("/v1/names/apps/ab", "{\"kind\":\"directory\"}"), 403, "forbidden");
        ok(admin.get("/v1/names/apps/b/x"));
    }

    @Test
    void aLinkIsNoWayAroundTheGrants() {
        Http scoped = scoped();
        ok(admin.putJson("/v1/names/apps/b/secret", "{\"kind\":\"directory\",\"metadata\":{\"pin\":\"1234\"}}"));
        ok(scoped.putJson("/v1/names/apps/a/peek", "{\"kind\":\"link\",\"target\":\"/apps/b/secret\"}"));
        assertThat(problem(scoped.get("/v1/names/apps/a/peek"), 403, "forbidden").get("detail").asString())
                .contains("/apps/b/secret");
        problem(scoped.get("/v1/names/apps/a/peek?consistency=linearizable"), 403, "forbidden");
        assertThat(ok(scoped.get("/v1/names/apps/a/peek?follow=false")).get("target").asString()).isEqualTo("/apps/b/secret");
        assertThat(ok(admin.get("/v1/names/apps/a/peek")).get("metadata").get("pin").asString()).isEqualTo("1234");
    }

    @Test
    void sessionsNeedAWriteGrantAndCannotUnbindOthersNames() {
        Http readOnly = as("read:/apps/a/");
        problem(readOnly.postJson("/v1/sessions", "{\"ttlSeconds\":10}"), 403, "forbidden");

        long others = ok(admin.postJson("/v1/sessions", "{\"ttlSeconds\":30}")).get("id").asLong();
        ok(admin.putJson("/v1/names/apps/b/ephemeral?session=" + others, "{\"kind\":\"directory\"}"));
        Http scoped = scoped();
        assertThat(problem(scoped.delete("/v1/sessions/" + others), 403, "forbidden").get("detail").asString())
                .contains("/apps/b/ephemeral");
        ok(admin.get("/v1/names/apps/b/ephemeral"));

        long mine = ok(scoped.postJson("/v1/sessions", "{\"ttlSeconds\":30}")).get("id").asLong();
        ok(scoped.putJson("/v1/names/apps/a/ephemeral?session=" + mine, "{\"kind\":\"directory\"}"));
        ok(scoped.send(scoped.request("/v1/sessions/" + mine + "/keepalive").POST(HttpRequest.BodyPublishers.noBody()).build()));
        assertThat(ok(scoped.delete("/v1/sessions/" + mine)).get("deleted").asLong()).isEqualTo(1);
        ok(admin.delete("/v1/sessions/" + others));
    }
}
