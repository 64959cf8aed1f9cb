package io.coterie.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.coterie.auth.Grants;
import io.coterie.auth.StoreKeys;
import io.coterie.auth.TokenSigner;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.testsupport.auth.TestTokens;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
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
 * Walks every endpoint the service registers (its own and Spring's: actuator, error) and calls
 * each without credentials: all but readiness must refuse with 401 problem+json. A new endpoint
 * cannot slip through without failing here. Then: tokens that are forged, expired, unsigned
 * ({@code alg: none}) or signed another way are refused like no token at all.
 */
class EveryEndpointNeedsATokenTest extends IdentityServiceTest {

    private static final Set<String> PUBLIC = Set.of("/actuator/health/readiness");
    /** Actuator endpoints are not MVC handler methods; they are listed here and checked too. */
    private static final List<String> ACTUATOR = List.of("/actuator", "/actuator/health", "/actuator/health/liveness",
            "/actuator/info", "/actuator/metrics", "/actuator/prometheus", "/v3/api-docs");

    @Autowired
    List<RequestMappingHandlerMapping> mappings;

    @Test
    void everyEndpointButReadinessRefusesAnAnonymousCall() {
        List<String[]> calls = new ArrayList<>();
        for (RequestMappingHandlerMapping mapping : mappings) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    String path = pattern.replaceAll("\\{\\*[^}]+}", "some/path").replaceAll("\\{[^}]+}", "x1");
                    for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods) {
                        calls.add(new String[] {method.name(), path});
                    }
                }
            }
        }
        ACTUATOR.forEach(path -> calls.add(new String[] {"GET", path}));
        assertThat(calls).as("the walk found the API").extracting(c -> c[0] + " " + c[1]).contains(
                "POST /v1/tokens", "POST /v1/principals", "GET /v1/principals/x1", "DELETE /v1/principals/x1",
                "POST /v1/roles", "PUT /v1/roles/x1", "GET /v1/audit", "POST /v1/keys/rotate", "GET /v1/jwks", "POST /v1/ids");

        for (String[] call : calls) {
            if (PUBLIC.contains(call[1])) {
                continue;
            }
            HttpResponse<String> response = send(call[0], call[1], "{}", null);
            assertThat(response.statusCode()).as(call[0] + " " + call[1]).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).as(call[0] + " " + call[1]).hasValue("application/problem+json");
            assertThat(response.body()).contains("https://coterie.dev/problems/unauthorized").doesNotContain("Exception");
        }
        assertThat(send("GET", "/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void forgedExpiredUnsignedAndOtherAlgorithmTokensAreRefused() throws Exception {
        ECKey active = activeSigningKey();
        Map<String, String> tokens = Map.of(
                "forged (a key nobody published)", TestTokens.forged("root", List.of("admin:")),
                "expired (the real key, five minutes ago)", TokenSigner.sign(active, "root", Grants.parse(List.of("admin:")),
                        Instant.now().minus(Duration.ofMinutes(10)), Duration.ofMinutes(5)),
                "alg none", unsigned("root", List.of("admin:")),
                "HS256", hmacSigned("root", List.of("admin:")),
                "tampered (grants changed after signing)", tampered(rootToken()),
                "garbage", "not-a-jwt");
        for (String path : List.of("/v1/jwks", "/v1/principals", "/v1/tokens")) {
            String method = path.equals("/v1/tokens") ? "POST" : "GET";
            for (Map.Entry<String, String> token : tokens.entrySet()) {
                HttpResponse<String> response = send(method, path, null, bearer(token.getValue()));
                assertThat(response.statusCode()).as(token.getKey() + " on " + path).isEqualTo(401);
                problem(response, 401, "unauthorized");
            }
        }
        ok(send("GET", "/v1/jwks", null, bearer(TokenSigner.sign(active, "root", Grants.parse(List.of("admin:")), Duration.ofMinutes(5)))));
    }

    @Test
    void aSecretIsTakenOnlyWhereTokensAreIssued() {
        for (String path : List.of("/v1/principals", "/v1/jwks", "/v1/audit")) {
            problem(send("GET", path, null, basic("root", ROOT_SECRET)), 401, "unauthorized");
        }
        problem(send("POST", "/v1/ids", null, basic("root", ROOT_SECRET)), 401, "unauthorized");
        ok(send("POST", "/v1/tokens", null, basic("root", ROOT_SECRET)));
    }

    @Test
    void readinessNeedsNoTokenAndCoversTheDatabaseAndTheStore() {
        JsonNode anonymous = ok(send("GET", "/actuator/health/readiness", null, null));
        assertThat(anonymous.get("status").asString()).isEqualTo("UP");
        assertThat(anonymous.has("components")).as("details only for a valid token").isFalse();
        JsonNode detailed = ok(send("GET", "/actuator/health/readiness", null, bearer(rootToken())));
        assertThat(detailed.get("components").propertyNames()).contains("db", "store", "readinessState");
    }

    private static ECKey activeSigningKey() throws ParseException {
        ConsensusClient store = storeClient();
        String kid = store.get(StoreKeys.ACTIVE_KEY).join().orElseThrow().valueAsString();
        return ECKey.parse(store.get(StoreKeys.SIGNING_KEYS + kid).join().orElseThrow().valueAsString());
    }

    private static JWTClaimsSet claims(String subject, List<String> grants) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("coterie").subject(subject).issueTime(Date.from(now))
                .notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("grants", grants).build();
    }

    /** {"alg":"none"}, the claims, and an empty signature, by hand: no library would help make one. */
    private static String unsigned(String subject, List<String> grants) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims(subject, grants).toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static String hmacSigned(String subject, List<String> grants) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(subject, grants));
        jwt.sign(new MACSigner("a-shared-secret-of-at-least-256-bits-for-hs256!"));
        return jwt.serialize();
    }

    /** A valid token whose claims were swapped for more generous ones, keeping the signature. */
    private static String tampered(String token) {
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"sub\":\"root\"", "\"sub\":\"someone\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    @Test
    void aValidTokenReadsTheOpenApiDocument() {
        JsonNode docs = ok(send("GET", "/v3/api-docs", null, bearer(rootToken())));
        assertThat(docs.get("openapi").asString()).startsWith("3.");
        assertThat(docs.get("paths").propertyNames()).contains("/v1/tokens", "/v1/principals", "/v1/ids");
    }
}
