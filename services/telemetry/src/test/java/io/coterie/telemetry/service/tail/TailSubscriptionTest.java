package io.coterie.telemetry.service.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.telemetry.client.TelemetryPoint;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A slow client holds up nobody: offers never block, overflow is dropped and counted in a {@code lagged} event. */
class TailSubscriptionTest {

    private final ExecutorService senders = Executors.newCachedThreadPool();

    @AfterEach
    void stopSenders() {
        senders.shutdownNow();
    }

    /** Records what a client would receive; the first point blocks until the test lets it through, like a full socket. */
    private static final class StuckClient implements TailSink {
        final CountDownLatch unstick = new CountDownLatch(1);
        final CountDownLatch stuck = new CountDownLatch(1);
        final List<String> received = new CopyOnWriteArrayList<>();

        @Override
        public void point(TelemetryPoint point) throws IOException {
            if (received.isEmpty()) {
                stuck.countDown();
                try {
                    unstick.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            received.add("point " + point.sequence());
        }

        @Override
        public void lagged(long dropped) {
            received.add("lagged " + dropped);
        }

        @Override
        public void keepAlive() {
            received.add("keep-alive");
        }

        @Override
        public void expired() {
            received.add("expired");
        }
    }

    @Test
    void aStuckClientLosesTheOverflowAndHearsHowMuch() throws InterruptedException {
        StuckClient client = new StuckClient();
        TailSubscription tail = new TailSubscription("robots/r1", null, 10, senders, client);
        tail.offer(point(0));
        tail.flush();
        assertThat(client.stuck.await(10, TimeUnit.SECONDS)).as("the sender is inside the client's first write").isTrue();

        for (int i = 1; i <= 100; i++) {
            tail.offer(point(i)); // returns at once although the client takes nothing
        }
        tail.flush();
        assertThat(client.unstick.getCount()).as("every offer returned while the client was stuck").isEqualTo(1);

        client.unstick.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.received.size() == 12);
        assertThat(client.received).containsExactly("point 0", "lagged 90", "point 1", "point 2", "point 3", "point 4",
                "point 5", "point 6", "point 7", "point 8", "point 9", "point 10");
    }

    @Test
    void aTailShowsOnlyItsMetricAndEndsWhenTheClientIsGone() {
        AtomicBoolean closed = new AtomicBoolean();
        List<Long> shown = new CopyOnWriteArrayList<>();
        TailSink failing = new TailSink() {
            @Override
            public void point(TelemetryPoint point) throws IOException {
                shown.add(point.sequence());
                throw new IOException("broken pipe");
            }

            @Override
            public void lagged(long dropped) {
            }

            @Override
            public void keepAlive() {
            }

            @Override
            public void expired() {
            }
        };
        TailSubscription tail = new TailSubscription("robots/r1", "speed", 10, senders, failing);
        tail.onClose(() -> closed.set(true));
        tail.offer(new TelemetryPoint("p", 1, 0, 0, "robots/r1", "heading", 1, Map.of()));
        tail.offer(point(2));
        tail.offer(point(3));
        tail.flush();
        await().atMost(Duration.ofSeconds(10)).untilTrue(closed);
        assertThat(shown).containsExactly(2L);
        assertThat(tail.isClosed()).isTrue();
    }

    private static TelemetryPoint point(long seq) {
        return new TelemetryPoint("p", seq, 0, 0, "robots/r1", "speed", seq, Map.of());
    }
}
