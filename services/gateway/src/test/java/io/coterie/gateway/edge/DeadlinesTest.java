package io.coterie.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * {@code Coterie-Timeout} bounds a routed call: the service hears how much is left, and the caller
 * gets 504 {@code deadline-exceeded} when it runs out; without the header the gateway's own response
 * timeout (2 s here) applies.
 */
class DeadlinesTest extends EdgeTestSupport {

    private static final String ALICE = "deadline-alice";
    private static final String SERIES = "/v1/telemetry/series?source=robots/r1&metric=speed";

    private HttpResponse<String> series(String timeout) {
        var request = request(SERIES, ALICE).GET();
        if (timeout != null) {
            request.header("Coterie-Timeout", timeout);
        }
        return send(request);
    }

    @Test
    void theDeadlineBoundsTheCallAndTheServiceHearsWhatIsLeft() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (StubService telemetry = StubService.start(StubService.json(200, "{\"points\":[]}"))) {
            telemetry.register(store().client, "telemetry", "t1");
            await().atMost(Duration.ofSeconds(30)).until(() -> series(null).statusCode() == 200);

            assertThat(series("5000").statusCode()).isEqualTo(200);
            long forwarded = Long.parseLong(last(telemetry).header("Coterie-Timeout"));
            assertThat(forwarded).as("what was left when the gateway forwarded the call").isBetween(1L, 5000L).isGreaterThan(4000L);
            assertThat(series(null).statusCode()).isEqualTo(200);
            assertThat(Long.parseLong(last(telemetry).header("Coterie-Timeout"))).as("the default timeout, forwarded")
                    .isBetween(1L, RESPONSE_TIMEOUT.toMillis());

            telemetry.answer(telemetry.heldUntil(release));
            long started = System.nanoTime();
            HttpResponse<String> late = series("800");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(late.statusCode()).isEqualTo(504);
            assertThat(late.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(late.body()).contains("https://coterie.dev/problems/deadline-exceeded").contains("Coterie-Timeout: 800");
            assertThat(took).isBetween(Duration.ofMillis(800), Duration.ofMillis(800).plus(RESPONSE_TIMEOUT));
            assertThat(Long.parseLong(last(telemetry).header("Coterie-Timeout"))).isBetween(1L, 800L);

            started = System.nanoTime();
            HttpResponse<String> slow = series(null);
            took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(slow.statusCode()).as("the default response timeout").isEqualTo(504);
            assertThat(slow.body()).contains("deadline-exceeded").contains("response timeout");
            assertThat(took).isBetween(RESPONSE_TIMEOUT, RESPONSE_TIMEOUT.multipliedBy(3));
        } finally {
            release.countDown();
        }
    }

    @Test
    void aMalformedTimeoutIsRefusedBeforeAnythingIsSent() {
        for (String bad : List.of("0", "-1", "soon", "1.5", "300001", "")) {
            HttpResponse<String> refused = series(bad);
            assertThat(refused.statusCode()).as("'%s'", bad).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.body()).contains("invalid-request").contains("Coterie-Timeout");
        }
        assertThat(series("300000").statusCode()).as("the largest budget is allowed").isNotEqualTo(400);
    }

    private static StubService.Seen last(StubService stub) {
        List<StubService.Seen> seen = stub.seen();
        return seen.get(seen.size() - 1);
    }
}
