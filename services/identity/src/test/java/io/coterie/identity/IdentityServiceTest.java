package io.coterie.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.teststore.TestStore;
import com.nimbusds.jwt.SignedJWT;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.testsupport.db.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The identity service as a client sees it, against real backends: a one-peer consensus group
 * and a PostgreSQL database, both shared by every test class that extends this one (they share
 * one application context too, so each test uses names of its own).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class IdentityServiceTest {

    static final String ROOT_SECRET = "root-secret-for-the-tests-0123";

    private static TestStore store;
    private static String databaseUrl;
    private static Path rootSecretFile;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        startBackends();
        registry.add("coterie.store.members", store::members);
        registry.add("spring.datasource.url", () -> databaseUrl);
        registry.add("spring.datasource.username", TestDatabase::user);
        registry.add("coterie.identity.root-secret-file", rootSecretFile::toString);
        registry.add("coterie.identity.key-propagation-delay", () -> "300ms");
    }

    private static synchronized void startBackends() {
        if (store != null) {
            return;
        }
        try {
            rootSecretFile = Files.createTempFile("root-secret", "");
            Files.writeString(rootSecretFile, "  " + ROOT_SECRET + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        databaseUrl = TestDatabase.fresh("identity_http");
        store = TestStore.start(1);
        Runtime.getRuntime().addShutdownHook(new Thread(store::close));
    }

    static ConsensusClient storeClient() {
        return store.client();
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void ready() {
        await().atMost(Duration.ofSeconds(60)).until(() -> send("GET", "/actuator/health/readiness", null, null).statusCode() == 200);
    }

    HttpResponse<String> send(String method, String path, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String basic(String principal, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((principal + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    /** A fresh token for {@code principal}, with its secret. */
    String token(String principal, String secret) {
        return ok(send("POST", "/v1/tokens", null, basic(principal, secret))).get("token").asString();
    }

    String rootToken() {
        return token("root", ROOT_SECRET);
    }

    JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return json.readTree(response.body());
    }

    /** A refusal: the right status, a problem document of the right type, no stack trace. */
    JsonNode problem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("https://coterie.dev/problems/" + type);
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return problem;
    }

    /** The whole audit log, page by page, oldest first; checks that paging neither skips nor repeats. */
    List<JsonNode> auditEntries(String admin) {
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = ok(send("GET", "/v1/audit?after=" + after + "&limit=7", null, bearer(admin)));
            page.get("items").forEach(all::add);
            if (!page.has("next")) {
                break;
            }
            after = page.get("next").asLong();
        }
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).get("seq").asLong()).isGreaterThan(all.get(i - 1).get("seq").asLong());
        }
        return all;
    }

    static SignedJWT parse(String token) {
        try {
            return SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new AssertionError("not a JWT: " + e.getMessage(), e);
        }
    }
}
