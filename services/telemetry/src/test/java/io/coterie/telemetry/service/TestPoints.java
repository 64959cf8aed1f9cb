package io.coterie.telemetry.service;

import io.coterie.telemetry.client.TelemetryPoint;
import io.coterie.telemetry.client.TelemetryWire;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Publishes to the telemetry topic the way any producer would: a plain Kafka producer and the wire format. */
final class TestPoints implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;

    TestPoints(String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    static TelemetryPoint point(String producer, long seq, Instant at, String source, String metric, double value) {
        return new TelemetryPoint(producer, seq, at.toEpochMilli(), 0, source, metric, value, Map.of());
    }

    Future<RecordMetadata> send(TelemetryPoint point) {
        return producer.send(new ProducerRecord<>(TelemetryWire.TOPIC, TelemetryWire.key(point.source()), TelemetryWire.encode(point)));
    }

    /** A record as a broken producer might send it. */
    Future<RecordMetadata> sendRaw(String key, byte[] value, List<Header> headers) {
        return producer.send(new ProducerRecord<>(TelemetryWire.TOPIC, null, key.getBytes(StandardCharsets.UTF_8), value, headers));
    }

    /** Sends every point and waits until the broker has them all. */
    void sendAll(List<TelemetryPoint> points) {
        points.forEach(this::send);
        producer.flush();
    }

    static RecordMetadata acked(Future<RecordMetadata> sent) {
        try {
            return sent.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused a record", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
