package io.coterie.telemetry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipper's bookkeeping, with producers whose acknowledgements the test hands out one by one. */
class ShipperTest {

    @TempDir
    Path dir;

    private final List<MockProducer<byte[], byte[]>> producers = new CopyOnWriteArrayList<>();
    private Spool spool;
    private Shipper shipper;

    @AfterEach
    void stop() throws Exception {
        if (shipper != null) {
            shipper.stop(Duration.ofSeconds(10));
        }
        if (spool != null) {
            spool.close();
        }
    }

    @Test
    void afterAFailureEverythingFromTheFirstUnacknowledgedPointIsSentAgainByANewProducer() throws Exception {
        start(Spool.MIN_LIMIT_BYTES * 8);
        append(0, 10);
        await().until(() -> sent(0).size() == 10);
        MockProducer<byte[], byte[]> first = producers.get(0);

        for (int i = 0; i < 4; i++) {
            first.completeNext();
        }
        first.errorNext(new TimeoutException("expired"));

        assertThat(first.closed()).as("closed by the failure's callback").isTrue();
        await().until(() -> producers.size() == 2 && sent(1).size() == 6);
        assertThat(values(sent(1))).containsExactlyElementsOf(values(4, 10));
        assertThat(shipper.failures()).isEqualTo(1);
        // What the first producer still says about its points is ignored: they belong to a discarded attempt.
        while (first.completeNext()) {
            // nothing to do
        }
        assertThat(spool.stats(0).delivered()).isEqualTo(4);

        while (producers.get(1).completeNext()) {
            // nothing to do
        }
        TelemetryStats stats = spool.stats(10);
        assertThat(List.of(stats.delivered(), stats.pending(), stats.dropped())).containsExactly(10L, 0L, 0L);
    }

    @Test
    void pointsDroppedWhileInFlightAreNotSentAgainNorCountedAsDelivered() throws Exception {
        start(Spool.MIN_LIMIT_BYTES);
        append(0, 50);
        await().until(() -> sent(0).size() == 50);

        append(50, 2_000);
        long dropped = spool.stats(0).dropped();
        assertThat(dropped).isGreaterThanOrEqualTo(50);

        await().until(() -> producers.size() >= 2 && !sent(producers.size() - 1).isEmpty());
        MockProducer<byte[], byte[]> current = producers.get(producers.size() - 1);
        assertThat(values(List.of(sent(producers.size() - 1).get(0)))).containsExactly(value(spool.firstIndex()));
        while (producers.get(0).completeNext()) {
            // nothing to do
        }
        await().until(() -> {
            while (current.completeNext()) {
                // nothing to do
            }
            return spool.stats(0).pending() == 0;
        });
        TelemetryStats stats = spool.stats(0);
        assertThat(stats.delivered() + stats.dropped()).isEqualTo(2_000);
        assertThat(shipper.failures()).as("a drop is not a Kafka failure").isZero();
    }

    private void start(long limit) throws IOException {
        spool = Spool.open(dir, limit);
        shipper = new Shipper(spool, () -> {
            MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
            producers.add(producer);
            return producer;
        }, "mock", "test-shipper");
        shipper.start();
    }

    private void append(long from, long to) throws IOException {
        for (long i = from; i < to; i++) {
            spool.append("robots/r1".getBytes(StandardCharsets.UTF_8), value(i).getBytes(StandardCharsets.UTF_8));
        }
        spool.writeBuffered();
        shipper.wake();
    }

    private List<ProducerRecord<byte[], byte[]>> sent(int producer) {
        return producers.size() > producer ? producers.get(producer).history() : List.of();
    }

    private static String value(long i) {
        return "point-" + i + "-" + "x".repeat(40);
    }

    private static List<String> values(long from, long to) {
        return LongStream.range(from, to).mapToObj(ShipperTest::value).toList();
    }

    private static List<String> values(List<ProducerRecord<byte[], byte[]>> records) {
        return records.stream().map(record -> new String(record.value(), StandardCharsets.UTF_8)).toList();
    }
}
