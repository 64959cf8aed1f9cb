package io.coterie.telemetry.client;

import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.coterie.kafka.embedded.KraftBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** A real broker with topic coterie.telemetry, and a reader of everything on it. */
final class KafkaFixture implements AutoCloseable {

    final KraftBroker broker;

    private KafkaFixture(KraftBroker broker) {
        this.broker = broker;
    }

    static KafkaFixture start(Path directory, int partitions) throws Exception {
        KafkaFixture kafka = new KafkaFixture(new KraftBroker(directory, freePort(), freePort()).start());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TelemetryWire.TOPIC, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
        return kafka;
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Every record on the topic up to the end offsets of the moment, per partition in offset order. */
    Map<Integer, List<ConsumerRecord<byte[], byte[]>>> readAll() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> records = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TelemetryWire.TOPIC).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            partitions.forEach(partition -> records.put(partition.partition(), new ArrayList<>()));
            await().atMost(Duration.ofSeconds(60)).pollInSameThread().until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    records.get(record.partition()).add(record);
                }
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
            });
        }
        return records;
    }

    /** The bytes the topic takes in the broker's log (after compression). */
    long logBytes() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            return admin.describeLogDirs(List.of(1)).allDescriptions().get(60, TimeUnit.SECONDS).values().stream()
                    .flatMap(dirs -> dirs.values().stream())
                    .flatMap(dir -> dir.replicaInfos().entrySet().stream())
                    .filter(replica -> replica.getKey().topic().equals(TelemetryWire.TOPIC))
                    .mapToLong(replica -> replica.getValue().size())
                    .sum();
        }
    }

    @Override
    public void close() {
        broker.stop();
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
