package io.coterie.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.naming.ServiceRegistrar;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A read is tried on another instance after a 503; a write is not (the first instance may have
 * acted on it), except when its connection was refused, which nothing can have acted on.
 */
class RetriesTest extends EdgeTestSupport {

    private static final String ALICE = "retries-alice";

    @Test
    void aGetGoesToAnotherInstanceAfterA503ButAPostDoesNot() throws Exception {
        try (StubService failing = StubService.start(StubService.json(503, "{\"from\":\"failing\"}"));
             StubService healthy = StubService.start(StubService.json(200, "{\"from\":\"healthy\"}"))) {
            failing.register(store().client, "naming", "failing");
            healthy.register(store().client, "naming", "healthy");
            // Both in rotation: the failing one has been reached, and the healthy one answered.
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                get("/v1/names/probe", ALICE);
                return failing.count("GET", "/v1/names/probe") > 0 && healthy.count("GET", "/v1/names/probe") > 0;
            });

            for (int i = 0; i < 4; i++) {
                long failedBefore = failing.count("GET", "/v1/names/a");
                long healthyBefore = healthy.count("GET", "/v1/names/a");
                HttpResponse<String> read = get("/v1/names/a", ALICE);
                assertThat(read.statusCode()).as("read %d", i).isEqualTo(200);
                assertThat(read.body()).contains("healthy");
                assertThat(healthy.count("GET", "/v1/names/a")).isEqualTo(healthyBefore + 1);
                if (failing.count("GET", "/v1/names/a") > failedBefore) {
                    assertThat(read.headers().firstValue("Retry-After")).as("no header of the failed try leaks").isEmpty();
                }
            }
            assertThat(failing.count("GET", "/v1/names/a")).as("round robin sent some reads to the failing instance").isPositive();

            int postsToFailing = 0;
            for (int i = 0; i < 4; i++) {
                long failedBefore = failing.count("POST", "/v1/sessions");
                long healthyBefore = healthy.count("POST", "/v1/sessions");
                HttpResponse<String> write = post("/v1/sessions", ALICE, "{\"ttlSeconds\":10}");
                long toFailing = failing.count("POST", "/v1/sessions") - failedBefore;
                long toHealthy = healthy.count("POST", "/v1/sessions") - healthyBefore;
                assertThat(toFailing + toHealthy).as("write %d was sent exactly once", i).isEqualTo(1);
                if (toFailing == 1) {
                    postsToFailing++;
                    assertThat(write.statusCode()).as("the failing instance's answer, not a second try").isEqualTo(503);
                    assertThat(write.body()).contains("failing");
                } else {
                    assertThat(write.statusCode()).isEqualTo(200);
                }
            }
            assertThat(postsToFailing).as("round robin sent some writes to the failing instance").isPositive();
        }
    }

    @Test
    void aPostIsTriedAgainWhenTheConnectionWasRefused() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        // An instance whose port refuses connections, kept in rotation (see EdgeTestSupport).
        try (ServiceRegistrar dead = ServiceRegistrar.builder(store().client, "naming", "dead")
                .address("127.0.0.1").port(closedPort).build().start()) {
            assertThat(dead.awaitRegistered(Duration.ofSeconds(10))).isTrue();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(post("/v1/sessions", ALICE, "{}").body()).as("the gateway tries it").contains("unreachable"));

            try (StubService healthy = StubService.start(StubService.json(200, "{\"from\":\"healthy\"}"))) {
                healthy.register(store().client, "naming", "alive");
                await().atMost(Duration.ofSeconds(30)).until(() -> post("/v1/sessions", ALICE, "{}").statusCode() == 200);
                long before = healthy.count("POST", "/v1/sessions");
                for (int i = 0; i < 6; i++) {
                    HttpResponse<String> write = post("/v1/sessions", ALICE, "{\"ttlSeconds\":10}");
                    assertThat(write.statusCode()).as("write %d (in turn, half are first sent to the refusing instance)", i)
                            .isEqualTo(200);
                }
                assertThat(healthy.count("POST", "/v1/sessions") - before).as("each write arrived once").isEqualTo(6);
            }
        }
    }
}
