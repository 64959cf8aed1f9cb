package io.coterie.telemetry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real single-node broker, including while that broker is down. */
class KafkaDeliveryTest {

    @TempDir
    Path dir;

    private KafkaFixture kafka;

    @AfterEach
    void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyPointArrivesExactlyOnceInRecordOrder() throws Exception {
        kafka = KafkaFixture.start(dir.resolve("kafka"), 1);
        int n = 20_000;
        String producer;
        try (TelemetryClient client = client("agent-b").build()) {
            producer = client.producerId();
            long start = System.nanoTime();
            record(client, 0, n);
            long recorded = System.nanoTime() - start;
            assertThat(client.flush(Duration.ofSeconds(60))).isTrue();
            long delivered = System.nanoTime() - start;
            System.out.printf("%d points: recorded in %d ms (%.0f points/s), all acknowledged after %d ms (%.0f points/s)%n",
                    n, recorded / 1_000_000, n / (recorded / 1e9), delivered / 1_000_000, n / (delivered / 1e9));

            TelemetryStats stats = client.stats();
            assertThat(List.of(stats.recorded(), stats.delivered(), stats.pending(), stats.dropped())).containsExactly((long) n, (long) n, 0L, 0L);
        }

        List<ConsumerRecord<byte[], byte[]>> records = kafka.readAll().get(0);
        List<TelemetryPoint> points = records.stream().map(record -> TelemetryWire.decode(record.value())).toList();
        assertThat(points).extracting(TelemetryPoint::sequence).containsExactlyElementsOf(range(0, n));
        assertThat(points).extracting(TelemetryPoint::producer).containsOnly(producer);
        assertThat(records).allSatisfy(record -> {
            TelemetryPoint point = TelemetryWire.decode(record.value());
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(point.source());
            assertThat(point.value()).isEqualTo((double) point.sequence());
        });

        long raw = records.stream().mapToLong(record -> record.value().length + record.key().length).sum();
        long stored = kafka.logBytes();
        System.out.printf("lz4: %d bytes of keys and values take %d bytes in the broker's log (%.2f)%n", raw, stored, (double) stored / raw);
        assertThat(stored).isLessThan(raw);
    }

    @Test
    void pointsRecordedWhileTheBrokerIsDownArriveInOrderWhenItReturns() throws Exception {
        kafka = KafkaFixture.start(dir.resolve("kafka"), 3);
        int n = 10_000;
        String producer;
        try (TelemetryClient client = failingFast(client("agent-c")).build()) {
            producer = client.producerId();
            record(client, 0, n / 2);
            kafka.broker.stop();
            record(client, n / 2, n);
            assertThat(client.stats().pending()).isPositive();
            // Let sends fail, so that what arrives was re-sent from the spool rather than retried by the producer.
            await().atMost(Duration.ofSeconds(60)).until(() -> client.shipperFailures() > 0);

            kafka.broker.start();

            assertThat(client.flush(Duration.ofSeconds(90))).isTrue();
            TelemetryStats stats = client.stats();
            assertThat(List.of(stats.recorded(), stats.delivered(), stats.pending(), stats.dropped())).containsExactly((long) n, (long) n, 0L, 0L);
        }

        List<Long> sequences = new ArrayList<>();
        kafka.readAll().forEach((partition, records) -> {
            List<TelemetryPoint> points = records.stream().map(record -> TelemetryWire.decode(record.value())).toList();
            assertThat(points).extracting(TelemetryPoint::producer).containsOnly(producer);
            assertThat(firstOccurrences(points)).as("partition %d, first occurrences", partition).isSorted();
            points.forEach(point -> sequences.add(point.sequence()));
        });
        assertThat(new TreeSet<>(sequences)).containsExactlyElementsOf(range(0, n));
        System.out.printf("broker outage: %d points, %d records on the topic (%d duplicates)%n", n, sequences.size(), sequences.size() - n);
    }

    @Test
    void aFullSpoolDropsTheOldestPointsAndCountsThem() throws Exception {
        kafka = KafkaFixture.start(dir.resolve("kafka"), 3);
        kafka.broker.stop();
        int n = 5_000;
        String producer;
        try (TelemetryClient client = failingFast(client("agent-d")).spoolLimitBytes(Spool.MIN_LIMIT_BYTES).build()) {
            producer = client.producerId();
            record(client, 0, n);
            TelemetryStats full = client.stats();
            assertThat(full.dropped()).isPositive();
            assertThat(full.delivered()).isZero();
            assertThat(full.pending() + full.dropped()).isEqualTo(n);
            assertThat(full.spooledBytes()).isLessThanOrEqualTo(Spool.MIN_LIMIT_BYTES);

            kafka.broker.start();

            assertThat(client.flush(Duration.ofSeconds(90))).isTrue();
            TelemetryStats stats = client.stats();
            assertThat(stats.dropped()).isEqualTo(full.dropped());
            assertThat(stats.pending()).isZero();
            assertThat(stats.delivered() + stats.dropped()).isEqualTo(stats.recorded()).isEqualTo(n);
        }

        Set<Long> delivered = new HashSet<>();
        kafka.readAll().values().forEach(records -> records.forEach(record -> {
            TelemetryPoint point = TelemetryWire.decode(record.value());
            assertThat(point.producer()).isEqualTo(producer);
            delivered.add(point.sequence());
        }));
        long kept = delivered.size();
        assertThat(new TreeSet<>(delivered)).containsExactlyElementsOf(range(n - kept, n));
    }

    @Test
    void aNewClientOnTheSpoolDeliversWhatAClosedOneLeft() throws Exception {
        kafka = KafkaFixture.start(dir.resolve("kafka"), 3);
        Path spool = dir.resolve("spool-e");
        kafka.broker.stop();
        String earlier;
        try (TelemetryClient client = failingFast(client("agent-e")).closeTimeout(Duration.ofMillis(200)).build()) {
            earlier = client.producerId();
            record(client, 0, 1_000);
            assertThat(client.stats().pending()).isEqualTo(1_000);
        }

        String later;
        try (TelemetryClient client = failingFast(client("agent-e")).build()) {
            later = client.producerId();
            TelemetryStats inherited = client.stats();
            assertThat(List.of(inherited.recorded(), inherited.delivered(), inherited.pending())).containsExactly(0L, 0L, 1_000L);
            record(client, 0, 10);

            kafka.broker.start();

            assertThat(client.flush(Duration.ofSeconds(90))).isTrue();
            TelemetryStats stats = client.stats();
            assertThat(List.of(stats.recorded(), stats.delivered(), stats.pending())).containsExactly(10L, 1_010L, 0L);
        }
        assertThat(later).isNotEqualTo(earlier);
        try (Stream<Path> files = Files.list(spool)) {
            assertThat(files.filter(file -> SpoolSegment.baseOf(file) >= 0)).as("segments left after delivery").isEmpty();
        }

        Set<Long> fromEarlier = new TreeSet<>();
        Set<Long> fromLater = new TreeSet<>();
        kafka.readAll().forEach((partition, records) -> {
            boolean laterSeen = false;
            for (ConsumerRecord<byte[], byte[]> record : records) {
                TelemetryPoint point = TelemetryWire.decode(record.value());
                if (point.producer().equals(earlier)) {
                    boolean first = fromEarlier.add(point.sequence());
                    assertThat(first && laterSeen)
                            .as("partition %d: the earlier client's point %d first comes after the later client's", partition, point.sequence())
                            .isFalse();
                } else {
                    assertThat(point.producer()).isEqualTo(later);
                    fromLater.add(point.sequence());
                    laterSeen = true;
                }
            }
        });
        assertThat(fromEarlier).containsExactlyElementsOf(range(0, 1_000));
        assertThat(fromLater).containsExactlyElementsOf(range(0, 10));
    }

    private TelemetryClient.Builder client(String name) {
        return TelemetryClient.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .producerName(name)
                .spoolDirectory(dir.resolve("spool-" + name.substring(name.length() - 1)));
    }

    /** Kafka timeouts of a few seconds, so that a stopped broker makes sends fail within the test. */
    private static TelemetryClient.Builder failingFast(TelemetryClient.Builder builder) {
        return builder.kafkaProperty("delivery.timeout.ms", 3_000)
                .kafkaProperty("request.timeout.ms", 1_000)
                .kafkaProperty("max.block.ms", 2_000);
    }

    private static void record(TelemetryClient client, int from, int to) {
        for (int i = from; i < to; i++) {
            client.record("robots/r" + i % 10, "speed", i, Map.of("unit", "m/s"));
        }
    }

    /** The sequences in the order they first appear (a re-sent point appears again later). */
    private static List<Long> firstOccurrences(List<TelemetryPoint> points) {
        Set<Long> seen = new HashSet<>();
        return points.stream().map(TelemetryPoint::sequence).filter(seen::add).toList();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }
}
