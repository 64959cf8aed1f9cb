package io.coterie.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.coterie.teststore.TestStore;
import io.coterie.cgroups.Usage;
import io.coterie.kafka.embedded.KraftBroker;
import io.coterie.telemetry.client.TelemetryClient;
import io.coterie.telemetry.client.TelemetryPoint;
import io.coterie.telemetry.client.TelemetryWire;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage reaches a real Kafka broker as telemetry points of the job's replica. */
class UsagePublisherTest {

    @TempDir
    Path dir;

    @Test
    void usageIsPublishedAsCpuSecondsAndMemoryBytesOfTheJobsReplica() throws Exception {
        try (KraftBroker broker = new KraftBroker(dir.resolve("kafka"), TestStore.freePort(), TestStore.freePort()).start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TelemetryWire.TOPIC, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
            }
            Assignment assignment = new Assignment("web.1.9", "web", 1, 9L, "h1", 500L, List.of(), 1024L, 0,
                    List.of("sleep", "9"), Map.of(), null, null);

            try (UsagePublisher publisher = UsagePublisher.to(TelemetryClient.builder()
                    .bootstrapServers(broker.bootstrapServers()).producerName("agent-h1")
                    .spoolDirectory(dir.resolve("spool")).build(), "h1")) {
                publisher.publish(assignment, new Usage(Duration.ofMillis(1500), 4096, OptionalLong.empty()));
            }

            List<TelemetryPoint> points = readTopic(broker.bootstrapServers(), 2);
            assertThat(points).allSatisfy(point -> {
                assertThat(point.source()).isEqualTo("jobs/web/1");
                assertThat(point.labels()).isEqualTo(Map.of("host", "h1", "alloc", "web.1.9"));
                assertThat(point.producer()).startsWith("agent-h1");
            });
            assertThat(points).extracting(TelemetryPoint::metric, TelemetryPoint::value)
                    .containsExactly(tuple("cpu.seconds", 1.5), tuple("memory.bytes", 4096.0));
        }
    }

    private static List<TelemetryPoint> readTopic(String bootstrapServers, int expected) {
        List<TelemetryPoint> points = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(TelemetryWire.TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(Duration.ofSeconds(60)).pollInSameThread().until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    points.add(TelemetryWire.decode(record.value()));
                }
                return points.size() >= expected;
            });
        }
        return points;
    }
}
