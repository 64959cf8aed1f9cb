package io.coterie.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A service that keeps failing gets no more calls for a while: its circuit opens, callers get 503
 * {@code circuit-open} at once with Retry-After, and a trial call closes it again once the service
 * answers.
 */
class CircuitBreakersTest extends EdgeTestSupport {

    private static final String ALICE = "circuit-alice";

    @Test
    void failingAnswersOpenTheCircuitWhichAnswersAtOnceUntilATrialCallSucceeds() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (StubService scheduler = StubService.start(StubService.json(200, "{\"jobs\":[]}"))) {
            scheduler.register(store().client, "scheduler", "s1");
            await().atMost(Duration.ofSeconds(30)).until(() -> get("/v1/jobs", ALICE).statusCode() == 200);

            // The circuit judges the last 4 calls and opens at half of them failing.
            scheduler.answer(StubService.json(500, "{\"broken\":true}"));
            int failures = 0;
            for (HttpResponse<String> failed = get("/v1/jobs", ALICE); failed.statusCode() == 500; failed = get("/v1/jobs", ALICE)) {
                assertThat(failed.body()).as("the service's own answer, passed on").contains("broken");
                failures++;
                assertThat(failures).as("opened by then").isLessThanOrEqualTo(4);
            }
            assertThat(failures).isGreaterThanOrEqualTo(2);

            // Were a call let through now, it would hang: the answer below comes from the gateway alone.
            scheduler.answer(scheduler.heldUntil(never));
            long callsBefore = scheduler.count("GET", "/v1/jobs");
            long started = System.nanoTime();
            HttpResponse<String> refused = get("/v1/jobs", ALICE);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.body()).contains("https://coterie.dev/problems/circuit-open").contains("scheduler");
            long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, CIRCUIT_OPEN_FOR.toSeconds());
            assertThat(took).as("answered at once").isLessThan(Duration.ofSeconds(1));
            assertThat(post("/v1/jobs", ALICE, "{}").statusCode()).as("writes too").isEqualTo(503);
            assertThat(scheduler.count("GET", "/v1/jobs")).as("the service saw none of it").isEqualTo(callsBefore);
            assertThat(scheduler.count("POST", "/v1/jobs")).isZero();

            scheduler.answer(StubService.json(200, "{\"jobs\":[]}"));
            await().atMost(CIRCUIT_OPEN_FOR.plusSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> again = get("/v1/jobs", ALICE);
                assertThat(again.statusCode()).as("a trial call got through and closed the circuit").isEqualTo(200);
            });
            assertThat(get("/v1/jobs", ALICE).statusCode()).isEqualTo(200);
        } finally {
            never.countDown();
        }
    }
}
