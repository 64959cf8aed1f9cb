package io.coterie.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.teststore.TestStore;
import io.coterie.testsupport.auth.TestTokens;
import io.coterie.testsupport.http.Http;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
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

/**
 * Walks every endpoint the agent registers (its own and Spring's: actuator, error) and calls each
 * without a token, with a forged one and with an expired one: all but readiness must refuse with
 * 401 problem+json. Then the grants: a valid token is not enough to read a job's logs or the host.
 */
class EveryEndpointNeedsATokenTest extends AgentTestBase {

    private static final Set<String> PUBLIC = Set.of("/actuator/health/readiness");
    /** Actuator endpoints are not MVC handler methods; they are listed here and checked too. */
    private static final List<String> ACTUATOR = List.of("/actuator", "/actuator/health", "/actuator/health/liveness",
            "/actuator/info", "/actuator/metrics", "/actuator/prometheus");
    private static final String ALLOC = "secret-job.0.7";

    @Autowired
    List<RequestMappingHandlerMapping> mappings;

    @Test
    void everyEndpointButReadinessRefusesCallersWithoutAValidToken() {
        List<String[]> calls = new ArrayList<>();
        for (RequestMappingHandlerMapping mapping : mappings) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    String path = pattern.replace("{allocId}", ALLOC).replaceAll("\\{[^}]+}", "1");
                    for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods) {
                        calls.add(new String[] {method.name(), path});
                    }
                }
            }
        }
        ACTUATOR.forEach(path -> calls.add(new String[] {"GET", path}));
        assertThat(calls).as("the walk found the API").extracting(c -> c[0] + " " + c[1])
                .contains("GET /v1/allocations/" + ALLOC + "/logs", "GET /v1/agent");

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
                HttpRequest.Builder request = HttpRequest.newBuilder(admin.uri(call[1]))
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
        assertThat(admin.as(null).get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    void readingAJobsLogsNeedsReadOnThatJob() throws IOException {
        Files.createDirectories(STATE_DIR.resolve("logs").resolve(ALLOC));
        Files.writeString(STATE_DIR.resolve("logs").resolve(ALLOC).resolve("stdout.log"), "the secret\n");
        String logs = "/v1/allocations/" + ALLOC + "/logs";

        Http.problem(admin.as(token("read:/jobs/other-job")).get(logs), 403, "forbidden");
        Http.problem(admin.as(token("write:/jobs/secret-job")).get(logs), 403, "forbidden");
        Http.problem(admin.as(token("read:/jobs/other-job")).get("/v1/allocations/other-job.0.1/logs"), 404, "not-found");
        Http.problem(admin.as(token("read:/jobs/other-job")).get("/v1/allocations/secret-job.0.99/logs"), 403, "forbidden");

        HttpResponse<String> allowed = admin.as(token("read:/jobs/secret-job")).get(logs);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).isEqualTo("the secret\n");
        assertThat(admin.as(token("read:/jobs/")).get(logs).statusCode()).as("a grant on every job covers this one").isEqualTo(200);
    }

    /** Like reading the host key through the store's API: keys under sys/ need admin there. */
    @Test
    void theHostViewNeedsWhatReadingTheHostKeyNeeds() {
        Http.problem(admin.as(token("read:/jobs/")).get("/v1/agent"), 403, "forbidden");
        Http.problem(admin.as(token("read:sys/sched/hosts/" + HOST)).get("/v1/agent"), 403, "forbidden");
        Http.ok(admin.as(token("admin:sys/sched/hosts/" + HOST)).get("/v1/agent"));
    }
}
