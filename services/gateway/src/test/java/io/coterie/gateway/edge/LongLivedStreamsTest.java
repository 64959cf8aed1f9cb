package io.coterie.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Watches flow for as long as their callers keep them: they outlive the default response timeout
 * and hold no bulkhead slot once they started, while calls that wait for their answer do fill the
 * bulkhead (2 for consensus here), and the next one is turned away at once.
 */
class LongLivedStreamsTest extends EdgeTestSupport {

    private static final String ALICE = "streams-alice";

    /** One open watch through the gateway, counting the events that arrive. */
    private final class Watch implements AutoCloseable {
        final AtomicInteger events = new AtomicInteger();
        final HttpResponse<Stream<String>> response;

        Watch() {
            try {
                response = http.send(request("/v1/watch?prefix=a", ALICE).GET().build(), HttpResponse.BodyHandlers.ofLines());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Thread reader = new Thread(() -> {
                try {
                    response.body().forEach(line -> {
                        if (line.startsWith("data:")) {
                            events.incrementAndGet();
                        }
                    });
                } catch (UncheckedIOException e) {
                    // closed by the test
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        @Override
        public void close() {
            response.body().close();
        }
    }

    @Test
    void streamsOutliveTheResponseTimeoutAndHoldNoBulkheadSlot() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (StubService consensus = StubService.start(StubService.json(200, "{\"key\":\"a\"}"))) {
            consensus.register(store().client, "consensus", "c1");
            await().atMost(Duration.ofSeconds(30)).until(() -> get("/v1/kv/a", ALICE).statusCode() == 200);
            consensus.answer(exchange -> {
                if (exchange.getRequestURI().getPath().equals("/v1/watch")) {
                    consensus.stream(Duration.ofMillis(200)).answer(exchange);
                } else if (exchange.getRequestURI().getPath().equals("/v1/kv/slow")) {
                    consensus.heldUntil(release).answer(exchange);
                } else {
                    StubService.send(exchange, 200, "{\"key\":\"a\"}");
                }
            });

            List<Watch> watches = new ArrayList<>();
            try {
                long opened = System.nanoTime();
                for (int i = 0; i <= CONSENSUS_BULKHEAD; i++) {
                    Watch watch = new Watch();
                    assertThat(watch.response.statusCode()).isEqualTo(200);
                    watches.add(watch);
                }
                assertThat(get("/v1/kv/a", ALICE).statusCode()).as("more watches than bulkhead slots, and calls still pass")
                        .isEqualTo(200);
                // Events still arrive after the default response timeout has passed for every watch.
                int[] atTimeout = new int[watches.size()];
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> Duration.ofNanos(System.nanoTime() - opened).compareTo(RESPONSE_TIMEOUT.plusMillis(500)) > 0);
                for (int i = 0; i < watches.size(); i++) {
                    atTimeout[i] = watches.get(i).events.get();
                }
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    for (int i = 0; i < watches.size(); i++) {
                        assertThat(watches.get(i).events.get()).as("watch %d flows on", i).isGreaterThan(atTimeout[i]);
                    }
                });
            } finally {
                watches.forEach(Watch::close);
            }

            List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
            for (int i = 0; i < CONSENSUS_BULKHEAD; i++) {
                waiting.add(http.sendAsync(request("/v1/kv/slow", ALICE).header("Coterie-Timeout", "20000").GET().build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> consensus.count("GET", "/v1/kv/slow") == CONSENSUS_BULKHEAD);
            long started = System.nanoTime();
            HttpResponse<String> full = get("/v1/kv/a", ALICE);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("turned away at once").isLessThan(Duration.ofSeconds(1));
            assertThat(full.statusCode()).isEqualTo(503);
            assertThat(full.body()).contains("https://coterie.dev/problems/unavailable").contains("too many calls to consensus");
            assertThat(full.headers().firstValue("Retry-After")).hasValue("1");

            release.countDown();
            for (CompletableFuture<HttpResponse<String>> call : waiting) {
                assertThat(call.get().statusCode()).isEqualTo(200);
            }
            assertThat(get("/v1/kv/a", ALICE).statusCode()).as("slots given back").isEqualTo(200);
        } finally {
            release.countDown();
        }
    }
}
