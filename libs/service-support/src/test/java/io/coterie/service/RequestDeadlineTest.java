package io.coterie.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.teststore.TestStore;
import io.coterie.testsupport.http.Http;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** {@code Coterie-Timeout} on a real service: read on arrival, refused when malformed, 504 when nothing is left. */
@SpringBootTest(classes = DeadlineTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestDeadlineTest {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("coterie.store.members", () -> TestStore.shared().members());
        registry.add("coterie.registration.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void caller() {
        http = new Http(port, TestStore.shared().tokens().admin());
    }

    private HttpResponse<String> remaining(String timeout, boolean stall) {
        var request = http.request("/v1/remaining").GET();
        if (timeout != null) {
            request.header(RequestDeadline.HEADER, timeout);
        }
        if (stall) {
            request.header("Stall", "true");
        }
        return http.send(request.build());
    }

    @Test
    void aHandlerSeesWhatIsLeftOfTheCallersBudget() {
        JsonNode answer = Http.status(remaining("5000", false), 200);
        assertThat(answer.get("bounded").asBoolean()).isTrue();
        assertThat(answer.get("remainingMs").asLong()).isBetween(1L, 5000L);
        assertThat(answer.get("sameAsOf").asBoolean()).isTrue();
        assertThat(Http.status(remaining("300000", false), 200).get("remainingMs").asLong()).isGreaterThan(5000L);
    }

    @Test
    void withoutTheHeaderThereIsNoDeadline() {
        JsonNode answer = Http.status(remaining(null, false), 200);
        assertThat(answer.get("bounded").asBoolean()).isFalse();
        assertThat(answer.get("remainingMs").asLong()).isEqualTo(-1L);
    }

    @Test
    void aMalformedOrOutOfRangeTimeoutIsTheCallersMistake() {
        for (String bad : List.of("0", "-5", "abc", "1.5", "300001", "99999999999999999999", " ", "1e3")) {
            HttpResponse<String> response = remaining(bad, false);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(bad).hasValue("application/problem+json");
            assertThat(response.body()).as(bad).contains("invalid-request").contains("Coterie-Timeout");
        }
    }

    @Test
    void aRequestWhoseDeadlinePassedBeforeItsHandlerGets504AndIsNotServed() {
        int before = DeadlineTestApplication.HANDLED.get();
        HttpResponse<String> response = remaining("50", true);
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("https://coterie.dev/problems/deadline-exceeded");
        assertThat(DeadlineTestApplication.HANDLED.get()).as("the handler never ran").isEqualTo(before);
    }
}
