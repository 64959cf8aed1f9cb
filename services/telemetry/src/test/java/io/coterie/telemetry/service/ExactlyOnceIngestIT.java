package io.coterie.telemetry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coterie.teststore.TestStore;
import io.coterie.kafka.embedded.KraftBroker;
import io.coterie.telemetry.client.TelemetryPoint;
import io.coterie.telemetry.client.TelemetryWire;
import io.coterie.testsupport.auth.TestTokens;
import io.coterie.testsupport.db.TestDatabase;
import io.coterie.testsupport.process.ServiceProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exactly once, with real processes: 200,000 points from 20 producers go through a real Kafka
 * broker into PostgreSQL through {@code java -jar telemetry.jar}. Mid-run the service is killed
 * with SIGKILL (after it has stored some, not all) and a new process takes over; later the broker
 * is stopped and started again, the database drops the service's connections, and one producer
 * replays a thousand points it had sent. At the end every point is stored exactly once (none
 * missing, none twice) and the rollups count each exactly once.
 */
class ExactlyOnceIngestIT {

    private static final int PRODUCERS = 20;
    private static final int PER_PRODUCER = 10_000;
    private static final long TOTAL = (long) PRODUCERS * PER_PRODUCER;
    private static final int REPLAYED = 1_000;
    private static final long KILL_AT = 30_000;
    private static final long BROKER_RESTART_AT = 120_000;
    private static final long CONNECTIONS_DROPPED_AT = 160_000;
    private static final Duration STARTUP = Duration.ofMinutes(2);

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void everyPointIsStoredExactlyOnceThroughAKillABrokerRestartAndLostConnections() throws Exception {
        Path dir = Files.createTempDirectory("telemetry-exactly-once-it");
        String database = TestDatabase.fresh("telemetry_exactly_once");
        KraftBroker broker = new KraftBroker(dir.resolve("kafka"), TestStore.freePort(), TestStore.freePort()).start();
        try (TestStore store = TestStore.start(1); KraftBroker closing = broker) {
            TestTokens tokens = TestTokens.publish(store.client());
            Map<String, String> env = Map.of(
                    "COTERIE_STORE_MEMBERS", store.members(),
                    "SPRING_DATASOURCE_URL", database,
                    "SPRING_DATASOURCE_USERNAME", TestDatabase.user(),
                    "COTERIE_TELEMETRY_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            ServiceProcess service = new ServiceProcess("telemetry", "telemetry", env, dir);
            try (ServiceProcess first = service.start();
                 KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers())) {
                long started = System.nanoTime();
                service.awaitReady(STARTUP);
                System.out.printf("first process ready in %d ms%n", millisSince(started));

                AtomicReference<Throwable> sendFailure = new AtomicReference<>();
                Instant at = Instant.now();
                long phase1 = System.nanoTime();
                CompletableFuture<Void> firstHalf = CompletableFuture.runAsync(() ->
                        publish(producer, 0, PER_PRODUCER / 2, at, sendFailure));
                await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50)).until(() -> rows(database) >= KILL_AT);
                service.kill();
                long rowsAtKill = rows(database);
                double firstRate = rowsAtKill * 1e9 / (System.nanoTime() - phase1);
                assertThat(rowsAtKill).as("killed after storing some points, not all").isGreaterThanOrEqualTo(KILL_AT).isLessThan(TOTAL);
                System.out.printf("killed with %d rows stored (%.0f rows/s until then, publishing included)%n", rowsAtKill, firstRate);

                long restart = System.nanoTime();
                service.start();
                firstHalf.get(2, TimeUnit.MINUTES);
                CompletableFuture<Void> secondHalf = CompletableFuture.runAsync(() ->
                        publish(producer, PER_PRODUCER / 2, PER_PRODUCER, at, sendFailure));
                service.awaitReady(STARTUP);
                long backlogStart = System.nanoTime();
                long rowsAtRestart = rows(database);
                System.out.printf("second process ready in %d ms, %d rows stored%n", millisSince(restart), rowsAtRestart);

                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                        .until(() -> rows(database) >= BROKER_RESTART_AT);
                broker.stop();
                long brokerDown = System.nanoTime();
                broker.start();
                System.out.printf("broker stopped and started again at %d rows (%d ms)%n", rows(database), millisSince(brokerDown));

                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                        .until(() -> rows(database) >= CONNECTIONS_DROPPED_AT);
                System.out.printf("dropped %d database connections of the service at %d rows%n", dropConnections(database),
                        rows(database));

                secondHalf.get(2, TimeUnit.MINUTES);
                publish(producer, 0, REPLAYED / PRODUCERS, at, sendFailure); // a replay, as a spool would after a reconnect
                assertThat(sendFailure.get()).as("every record reached the broker").isNull();

                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> rows(database) == TOTAL);
                long backlogMillis = millisSince(backlogStart);
                long runMillis = millisSince(phase1);
                System.out.printf("%d points stored in %d ms from the first send (%.0f rows/s overall); the second process "
                                + "stored %d in %d ms (%.0f rows/s) through the broker restart and the dropped connections%n",
                        TOTAL, runMillis, TOTAL * 1000.0 / runMillis, TOTAL - rowsAtRestart, backlogMillis,
                        (TOTAL - rowsAtRestart) * 1000.0 / backlogMillis);
                await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> lag(service, tokens) == 0);

                everyPointStoredOnce(database);
                rollupsCountEachPointOnce(database);
                storedOffsetsAreTheTopicsEnd(database, broker.bootstrapServers());
                JsonNode status = status(service, tokens);
                assertThat(status.get("lag").asLong()).isZero();
                assertThat(status.get("duplicates").asLong()).as("this process dropped the replay").isGreaterThanOrEqualTo(REPLAYED);
            }
        }
    }

    /** Points {@code fromSeq} (inclusive) to {@code toSeq} of every producer, interleaved as live producers would be. */
    private static void publish(KafkaProducer<byte[], byte[]> producer, int fromSeq, int toSeq, Instant at,
                                AtomicReference<Throwable> failure) {
        for (int seq = fromSeq; seq < toSeq; seq++) {
            for (int p = 0; p < PRODUCERS; p++) {
                TelemetryPoint point = new TelemetryPoint("it-p" + p, seq, at.plusMillis(seq).toEpochMilli(), 0, "it/robot-" + p,
                        "load", seq % 100, Map.of());
                producer.send(new ProducerRecord<>(TelemetryWire.TOPIC, TelemetryWire.key(point.source()), TelemetryWire.encode(point)),
                        (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
            }
        }
        producer.flush();
    }

    private static void everyPointStoredOnce(String database) throws SQLException {
        assertThat(query(database, "select count(*) from telemetry_points")).isEqualTo(TOTAL);
        assertThat(query(database, "select count(*) from (select distinct producer, seq from telemetry_points) d")).isEqualTo(TOTAL);
        // Per producer: PER_PRODUCER distinct sequences from 0 to PER_PRODUCER - 1, so none is missing.
        assertThat(query(database, "select count(*) from (select producer from telemetry_points group by producer "
                + "having count(distinct seq) = " + PER_PRODUCER + " and min(seq) = 0 and max(seq) = " + (PER_PRODUCER - 1) + ") p"))
                .isEqualTo(PRODUCERS);
    }

    private static void rollupsCountEachPointOnce(String database) throws SQLException {
        assertThat(query(database, "select sum(count) from telemetry_rollup_1s")).isEqualTo(TOTAL);
        assertThat(query(database, "select sum(count) from telemetry_rollup_1m")).isEqualTo(TOTAL);
        long expectedSum = (long) PRODUCERS * (PER_PRODUCER / 100) * (99 * 100 / 2);
        assertThat(query(database, "select sum(sum)::bigint from telemetry_rollup_1s")).isEqualTo(expectedSum);
        assertThat(query(database, "select sum(sum)::bigint from telemetry_rollup_1m")).isEqualTo(expectedSum);
        assertThat(query(database, "select count(*) from (select source, sum(value) v from telemetry_points group by source) p "
                + "join (select source, sum(sum) v, min(min) lo, max(max) hi from telemetry_rollup_1m group by source) r "
                + "using (source) where p.v = r.v and r.lo = 0 and r.hi = 99")).isEqualTo(PRODUCERS);
    }

    private static void storedOffsetsAreTheTopicsEnd(String database, String bootstrapServers) throws SQLException {
        Map<Integer, Long> stored = new HashMap<>();
        try (Connection db = DriverManager.getConnection(database, TestDatabase.user(), "");
             ResultSet rows = db.createStatement().executeQuery("select partition, next_offset from telemetry_offsets")) {
            while (rows.next()) {
                stored.put(rows.getInt(1), rows.getLong(2));
            }
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TelemetryWire.TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<Integer, Long> ends = new HashMap<>();
            consumer.endOffsets(partitions).forEach((partition, end) -> ends.put(partition.partition(), end));
            assertThat(stored).isEqualTo(ends);
            assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).as("records on the topic").isEqualTo(TOTAL + REPLAYED);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static long rows(String database) throws SQLException {
        return query(database, "select count(*) from telemetry_points");
    }

    /** Ends every database session but this one: the service's pool finds its connections dead mid-use. */
    private static long dropConnections(String database) throws SQLException {
        String name = database.substring(database.lastIndexOf('/') + 1);
        return query(database, "select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity "
                + "where datname = '" + name + "' and pid <> pg_backend_pid()) t");
    }

    private static long query(String database, String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection(database, TestDatabase.user(), "");
             Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private long lag(ServiceProcess service, TestTokens tokens) throws Exception {
        JsonNode status = status(service, tokens);
        return status.hasNonNull("lag") ? status.get("lag").asLong() : Long.MAX_VALUE;
    }

    private JsonNode status(ServiceProcess service, TestTokens tokens) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(service.url("/v1/telemetry/status")).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + tokens.admin()).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
