package io.coterie.consensus.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Walks every endpoint the service registers (its own and Spring's: actuator, OpenAPI, error)
 * and calls each without a token: all but readiness must refuse with 401 problem+json. A new
 * endpoint cannot slip through without failing here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EveryEndpointNeedsATokenTest {

    private static final Set<String> PUBLIC = Set.of("/actuator/health/readiness");
    /** Actuator endpoints are not MVC handler methods; they are listed here and checked too. */
    private static final List<String> ACTUATOR = List.of("/actuator", "/actuator/health", "/actuator/health/liveness",
            "/actuator/info", "/actuator/metrics", "/actuator/prometheus", "/v3/api-docs");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        SingleNode.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    List<RequestMappingHandlerMapping> mappings;

    @Test
    void everyEndpointButReadinessRefusesAnAnonymousCall() throws Exception {
        List<String[]> calls = new ArrayList<>();
        for (RequestMappingHandlerMapping mapping : mappings) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<String> patterns = info.getPatternValues();
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : patterns) {
                    String path = pattern.replaceAll("\\{\\*[^}]+}", "some/key").replaceAll("\\{[^}]+}", "1");
                    for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods) {
                        calls.add(new String[] {method.name(), path});
                    }
                }
            }
        }
        ACTUATOR.forEach(path -> calls.add(new String[] {"GET", path}));
        assertThat(calls).as("the walk found the API").extracting(c -> c[1]).contains("/v1/kv/some/key", "/v1/cluster", "/v1/watch");

        HttpClient http = HttpClient.newHttpClient();
        for (String[] call : calls) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + call[1]))
                    .method(call[0], HttpRequest.BodyPublishers.ofString("{}"))
                    .header("Content-Type", "application/json")
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (PUBLIC.contains(call[1])) {
                continue;
            }
            assertThat(response.statusCode()).as(call[0] + " " + call[1]).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).as(call[0] + " " + call[1]).hasValue("application/problem+json");
            assertThat(response.body()).contains("https://coterie.dev/problems/unauthorized").doesNotContain("Exception");
        }
        HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).isIn(200, 503);
    }

    @Autowired
    io.coterie.consensus.client.ConsensusClient store;

    @Test
    void forgedExpiredUnsignedAndMalformedTokensAreRefused() throws Exception {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> store.put("probe", new byte[0]).join().revision() > 0);
        io.coterie.testsupport.auth.TestTokens tokens = io.coterie.testsupport.auth.TestTokens.publish(store);
        String valid = tokens.admin();
        String[] parts = valid.split("\\.");
        String unsigned = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + parts[1] + ".";
        String unknownKey = io.coterie.auth.TokenSigner.sign(io.coterie.auth.TokenSigner.newKey("x"), "root",
                io.coterie.auth.Grants.parse(List.of("admin:")), java.time.Duration.ofHours(1));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/cluster"))
                .header("Authorization", "Bearer " + valid).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as("the valid token itself works").isEqualTo(200);
        for (String token : List.of("Bearer not-a-jwt", "Bearer " + valid + "x", "Bearer " + unsigned, "Bearer " + unknownKey,
                "Bearer " + io.coterie.testsupport.auth.TestTokens.forged("root", List.of("admin:")),
                "Bearer " + tokens.expired("root", List.of("admin:"), java.time.Duration.ofMinutes(5)),
                "Basic dXNlcjpwYXNz", "Bearer ")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/cluster"))
                    .header("Authorization", token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(token).isEqualTo(401);
        }
    }
}
