package io.coterie.telemetry.service;

import static io.coterie.testsupport.http.Http.ok;
import static io.coterie.testsupport.http.Http.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.testsupport.auth.TestTokens;
import io.coterie.testsupport.http.Http;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * Walks every endpoint the service registers (its own and Spring's: actuator, OpenAPI, error) and calls
 * each without a token, with a forged one, an expired one and other junk: all but readiness must
 * refuse with 401 problem+json. A new endpoint cannot slip through without failing here. Then:
 * a valid token without {@code read} on a source's name is refused that source with 403.
 */
class EveryEndpointNeedsATokenTest extends TelemetryServiceTest {

    private static final Set<String> PUBLIC = Set.of("/actuator/health/readiness");
    /** Actuator endpoints are not MVC handler methods; they are listed here and checked too. */
    private static final List<String> ACTUATOR = List.of("/actuator", "/actuator/health", "/actuator/health/liveness",
            "/actuator/info", "/actuator/metrics", "/actuator/prometheus", "/v3/api-docs");

    @Autowired
    List<RequestMappingHandlerMapping> mappings;

    @Test
    void everyEndpointButReadinessRefusesCallersWithoutAValidToken() {
        List<String[]> calls = new ArrayList<>();
        for (RequestMappingHandlerMapping mapping : mappings) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    String path = pattern.replaceAll("\\{\\*[^}]+}", "robots/r1").replaceAll("\\{[^}]+}", "1");
                    for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods) {
                        calls.add(new String[] {method.name(), path});
                    }
                }
            }
        }
        ACTUATOR.forEach(path -> calls.add(new String[] {"GET", path}));
        assertThat(calls).as("the walk found the API").extracting(c -> c[0] + " " + c[1]).contains(
                "GET /v1/telemetry/series", "GET /v1/telemetry/tail", "GET /v1/telemetry/status");

        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("anonymous", null);
        credentials.put("forged", "Bearer " + TestTokens.forged("root", List.of("admin:")));
        credentials.put("expired", "Bearer " + tokens().expired("root", List.of("admin:"), Duration.ofMinutes(5)));
        credentials.put("garbage", "Bearer not-a-token");
        credentials.put("basic", "Basic dXNlcjpwYXNz");
        for (Map.Entry<String, String> credential : credentials.entrySet()) {
            for (String[] call : calls) {
                if (PUBLIC.contains(call[1])) {
                    continue;
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(admin.uri(call[1] + "?source=robots/r1&metric=speed"))
                        .method(call[0], HttpRequest.BodyPublishers.ofString("{}"))
                        .header("Content-Type", "application/json");
                if (credential.getValue() != null) {
                    request.header("Authorization", credential.getValue());
                }
                HttpResponse<String> response = admin.send(request.build());
                String what = credential.getKey() + ": " + call[0] + " " + call[1];
                assertThat(response.statusCode()).as(what).isEqualTo(401);
                assertThat(response.headers().firstValue("Content-Type")).as(what).hasValue("application/problem+json");
                assertThat(response.headers().firstValue("WWW-Authenticate")).as(what).isPresent();
                assertThat(response.body()).as(what).contains("https://coterie.dev/problems/unauthorized").doesNotContain("Exception");
            }
        }
        HttpResponse<String> readiness = admin.as(null).get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
    }

    @Test
    void aSourceIsReadOnlyWithReadOnItsName() {
        Http elsewhere = as("read:/robots/r2", "write:/robots/r1", "admin:/other/");
        JsonNode series = problem(elsewhere.get("/v1/telemetry/series?source=robots/r1&metric=speed"), 403, "forbidden");
        assertThat(series.get("detail").asString()).contains("read").contains("/robots/r1");
        problem(elsewhere.get("/v1/telemetry/series?source=robots/r1&metric=speed&step=1m"), 403, "forbidden");
        problem(elsewhere.get("/v1/telemetry/tail?source=robots/r1"), 403, "forbidden");
        problem(elsewhere.get("/v1/telemetry/tail?source=robots/r1&metric=speed"), 403, "forbidden");

        Http robots = as("read:/robots/");
        ok(robots.get("/v1/telemetry/series?source=robots/r1&metric=speed"));
        ok(robots.get("/v1/telemetry/series?source=robots/r1&metric=speed&step=1m"));
        problem(robots.get("/v1/telemetry/series?source=robotsx/r1&metric=speed"), 403, "forbidden");
    }

    @Test
    void statusAnswersAnyValidTokenAndReadinessCoversTheDatabaseAndIngest() {
        JsonNode status = ok(as().get("/v1/telemetry/status"));
        assertThat(status.has("partitions")).isTrue();
        assertThat(status.get("consumer").asString()).isEqualTo("running");

        JsonNode anonymous = ok(admin.as(null).get("/actuator/health/readiness"));
        assertThat(anonymous.get("status").asString()).isEqualTo("UP");
        assertThat(anonymous.has("components")).as("details only for a valid token").isFalse();
        JsonNode detailed = ok(admin.get("/actuator/health/readiness"));
        assertThat(detailed.get("components").propertyNames()).contains("db", "ingest", "readinessState");
    }

    @Test
    void aValidTokenReadsTheOpenApiDocument() {
        JsonNode docs = ok(admin.get("/v3/api-docs"));
        assertThat(docs.get("openapi").asString()).startsWith("3.");
        assertThat(docs.get("paths").propertyNames()).contains("/v1/telemetry/series", "/v1/telemetry/tail");
    }
}
