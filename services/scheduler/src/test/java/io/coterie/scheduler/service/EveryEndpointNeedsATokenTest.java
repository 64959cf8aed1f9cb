package io.coterie.scheduler.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.teststore.TestStore;
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
 * each without a token, with a forged one, an expired one, garbage and basic credentials: all but
 * readiness must refuse with 401 problem+json. A token without grants is refused with 403 by
 * every endpoint about one job. A new endpoint cannot slip through without failing here.
 */
class EveryEndpointNeedsATokenTest extends ServiceTestBase {

    private static final Set<String> PUBLIC = Set.of("/actuator/health/readiness");
    /** Actuator endpoints are not MVC handler methods; they are listed here and checked too. */
    private static final List<String> ACTUATOR = List.of("/actuator", "/actuator/health", "/actuator/health/liveness",
            "/actuator/info", "/actuator/metrics", "/actuator/prometheus", "/v3/api-docs");

    @Autowired
    List<RequestMappingHandlerMapping> mappings;

    @Test
    void everyEndpointButReadinessRefusesCallersWithoutAValidToken() {
        List<String[]> calls = endpoints();
        assertThat(calls).as("the walk found the API").extracting(c -> c[0] + " " + c[1]).contains(
                "POST /v1/jobs", "GET /v1/jobs", "GET /v1/jobs/1", "DELETE /v1/jobs/1", "GET /v1/jobs/1/allocations/1/logs",
                "GET /v1/hosts", "GET /v1/scheduler/status");

        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("anonymous", null);
        credentials.put("forged", "Bearer " + TestTokens.forged("root", List.of("admin:")));
        credentials.put("expired", "Bearer " + TestStore.shared().tokens().expired("root", List.of("admin:"), Duration.ofMinutes(5)));
        credentials.put("garbage", "Bearer not-a-token");
        credentials.put("basic", "Basic dXNlcjpwYXNz");
        for (Map.Entry<String, String> credential : credentials.entrySet()) {
            for (String[] call : calls) {
                if (PUBLIC.contains(call[1])) {
                    continue;
                }
                HttpResponse<String> response = admin.send(request(call, credential.getValue()));
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
    void aValidTokenWithoutGrantsMayNotTouchAnyJob() {
        String nobody = "Bearer " + TestStore.shared().token("read:/apps/");
        for (String[] call : endpoints()) {
            if (call[1].startsWith("/v1/jobs") && !(call[0].equals("GET") && call[1].equals("/v1/jobs"))) {
                HttpResponse<String> response = admin.send(request(call, nobody));
                String what = call[0] + " " + call[1];
                assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(403);
                assertThat(response.body()).as(what).contains("https://coterie.dev/problems/forbidden");
            }
        }
    }

    private List<String[]> endpoints() {
        List<String[]> calls = new ArrayList<>();
        for (RequestMappingHandlerMapping mapping : mappings) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    String path = pattern.replaceAll("\\{[^}]+}", "1");
                    for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods) {
                        calls.add(new String[] {method.name(), path});
                    }
                }
            }
        }
        ACTUATOR.forEach(path -> calls.add(new String[] {"GET", path}));
        return calls;
    }

    private HttpRequest request(String[] call, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(admin.uri(call[1]))
                .method(call[0], HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"1\",\"command\":[\"x\"],\"cpus\":1,\"memoryBytes\":1}"))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    @Test
    void aValidTokenReadsTheOpenApiDocument() {
        JsonNode docs = Http.status(admin.get("/v3/api-docs"), 200);
        assertThat(docs.get("openapi").asString()).startsWith("3.");
        assertThat(docs.get("paths").propertyNames()).contains("/v1/jobs", "/v1/hosts");
    }
}
