package io.coterie.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.gateway.edge.EdgeTestSupport;
import io.coterie.gateway.edge.StubService;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/openapi.json} merges what the services document about themselves (fetched from
 * their instances with the caller's token) and what the gateway documents about its own paths; a
 * service that cannot be reached is named in {@code x-coterie-missing} instead of failing the call.
 */
class MergedOpenApiTest extends EdgeTestSupport {

    private static final String ALICE = "openapi-alice";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String NAMING_DOCS = """
            {"openapi":"3.1.0","info":{"title":"naming","version":"1"},"servers":[{"url":"http://10.0.0.7:7401"}],
             "tags":[{"name":"Names"}],
             "paths":{
               "/v1/names/{path}":{"get":{"operationId":"get","tags":["Names"],"responses":{"200":{"description":"the entry",
                  "content":{"application/json":{"schema":{"$ref":"#/components/schemas/Entry"}}}},
                  "404":{"description":"unbound","content":{"application/problem+json":{"schema":{"$ref":"#/components/schemas/Problem"}}}}}}},
               "/v1/sessions":{"post":{"operationId":"open","responses":{"200":{"description":"a session"}}}},
               "/v1/names":{"get":{"operationId":"list","responses":{"200":{"description":"a page",
                  "content":{"application/json":{"schema":{"$ref":"#/components/schemas/Page"}}}}}}},
               "/internal/debug":{"get":{"operationId":"debug","responses":{"200":{"description":"not routed by the gateway"}}}}},
             "components":{"schemas":{
               "Entry":{"type":"object","properties":{"kind":{"type":"string"}}},
               "Problem":{"type":"object","properties":{"type":{"type":"string"},"status":{"type":"integer"}}},
               "Page":{"type":"object","properties":{"problem":{"$ref":"#/components/schemas/Problem"}}}}}}
            """;

    private static final String IDENTITY_DOCS = """
            {"openapi":"3.1.0","info":{"title":"identity","version":"1"},
             "tags":[{"name":"Names"},{"name":"Tokens"}],
             "paths":{
               "/v1/tokens":{"post":{"operationId":"get","tags":["Tokens"],"responses":{"401":{"description":"wrong credentials",
                  "content":{"application/problem+json":{"schema":{"$ref":"#/components/schemas/Problem"}}}}}}},
               "/v1/principals/{name}":{"get":{"operationId":"principal","responses":{"200":{"description":"the principal",
                  "content":{"application/json":{"schema":{"$ref":"#/components/schemas/Page"}}}}}}}},
             "components":{"schemas":{
               "Entry":{"type":"object","properties":{"kind":{"type":"string"}}},
               "Problem":{"type":"object","properties":{"type":{"type":"string"},"detail":{"type":"string"}}},
               "Page":{"type":"object","properties":{"problem":{"$ref":"#/components/schemas/Problem"}}}}}}
            """;

    private JsonNode openapi() {
        HttpResponse<String> response = get("/v1/openapi.json", ALICE);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return JSON.readTree(response.body());
    }

    private static List<String> missing(JsonNode document) {
        List<String> names = new ArrayList<>();
        document.path("x-coterie-missing").forEach(name -> names.add(name.asString()));
        return names;
    }

    @Test
    void oneDocumentForTheWholeApiWithTheUnreachableServicesNamed() throws Exception {
        try (StubService naming = StubService.start(StubService.json(200, NAMING_DOCS));
             StubService identity = StubService.start(StubService.json(200, IDENTITY_DOCS))) {
            naming.register(store().client, "naming", "docs-n1");
            identity.register(store().client, "identity", "docs-i1");
            JsonNode[] merged = new JsonNode[1];
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                merged[0] = openapi();
                assertThat(missing(merged[0])).containsExactlyInAnyOrder("consensus", "scheduler", "telemetry");
            });
            JsonNode document = merged[0];

            assertThat(document.path("openapi").asString()).startsWith("3.");
            assertThat(document.path("servers")).hasSize(1);
            assertThat(document.path("servers").get(0).path("url").asString()).isEqualTo("/");
            assertThat(document.path("components").path("securitySchemes").path("bearer").path("scheme").asString()).isEqualTo("bearer");
            assertThat(document.path("paths").propertyNames())
                    .contains("/v1/names/{path}", "/v1/sessions", "/v1/tokens", "/v1/principals/{name}", "/v1/openapi.json")
                    .as("a path the gateway does not route is not part of the public API").doesNotContain("/internal/debug");
            assertThat(document.path("paths").propertyNames()).as("the gateway's own RPC endpoint, when it is there")
                    .filteredOn(path -> path.startsWith("/v1/rpc")).hasSizeLessThanOrEqualTo(2);

            // Route order: identity comes before naming, so identity keeps a name both use for different things.
            JsonNode schemas = document.path("components").path("schemas");
            assertThat(schemas.has("Entry")).as("equal components are shared").isTrue();
            assertThat(schemas.has("naming.Entry")).isFalse();
            assertThat(schemas.path("Problem").path("properties").has("detail")).as("the first source keeps a contested name").isTrue();
            assertThat(schemas.path("naming.Problem").path("properties").has("status")).isTrue();
            assertThat(document.path("paths").path("/v1/names/{path}").path("get").path("responses").path("404").path("content")
                    .path("application/problem+json").path("schema").path("$ref").asString())
                    .as("references follow a renamed component").isEqualTo("#/components/schemas/naming.Problem");
            assertThat(schemas.path("Page").path("properties").path("problem").path("$ref").asString())
                    .isEqualTo("#/components/schemas/Problem");
            assertThat(schemas.path("naming.Page").path("properties").path("problem").path("$ref").asString())
                    .as("a component equal in text but referring to a renamed one is renamed with it")
                    .isEqualTo("#/components/schemas/naming.Problem");
            assertThat(document.path("paths").path("/v1/names").path("get").path("responses").path("200").path("content")
                    .path("application/json").path("schema").path("$ref").asString()).isEqualTo("#/components/schemas/naming.Page");
            assertThat(document.path("paths").path("/v1/tokens").path("post").path("operationId").asString()).isEqualTo("get");
            assertThat(document.path("paths").path("/v1/names/{path}").path("get").path("operationId").asString())
                    .as("operation ids stay unique").isEqualTo("naming_get");
            List<String> tags = new ArrayList<>();
            document.path("tags").forEach(tag -> tags.add(tag.path("name").asString()));
            assertThat(tags).contains("Names", "Tokens").doesNotHaveDuplicates();

            assertThat(naming.seen()).filteredOn(seen -> seen.path().equals("/v3/api-docs")).isNotEmpty()
                    .allSatisfy(seen -> assertThat(seen.header("Authorization")).as("the caller's token").startsWith("Bearer "));

            identity.close();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(missing(openapi())).as("a service gone is named, not a failure").contains("identity"));
            assertThat(openapi().path("paths").has("/v1/names/{path}")).isTrue();
        }
    }
}
