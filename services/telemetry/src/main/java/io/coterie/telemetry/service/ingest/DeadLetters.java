package io.coterie.telemetry.service.ingest;

import io.coterie.telemetry.client.TelemetryWire;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends records that cannot be stored to {@value TelemetryWire#DLQ_TOPIC}: the original key, value
 * and headers, plus headers saying why and where from. {@link #send} returns only once the broker
 * has every one of them, so the batch's offsets are stored only after its dead letters are safe.
 * A batch retried after a failure sends its dead letters again: delivery is at least once.
 */
public final class DeadLetters {

    public static final String REASON = "coterie.dlq.reason";
    public static final String ORIGINAL_TOPIC = "coterie.dlq.topic";
    public static final String ORIGINAL_PARTITION = "coterie.dlq.partition";
    public static final String ORIGINAL_OFFSET = "coterie.dlq.offset";

    private final Producer<byte[], byte[]> producer;

    DeadLetters(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    void send(List<Rejected> rejected) {
        if (rejected.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(rejected.size());
        for (Rejected letter : rejected) {
            sent.add(producer.send(record(letter)));
        }
        producer.flush();
        for (Future<RecordMetadata> future : sent) {
            try {
                future.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the dead-letter topic refused a record: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending dead letters", e);
            }
        }
    }

    private static ProducerRecord<byte[], byte[]> record(Rejected letter) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : letter.record().headers()) {
            headers.add(header);
        }
        headers.add(REASON, utf8(letter.reason()));
        headers.add(ORIGINAL_TOPIC, utf8(letter.record().topic()));
        headers.add(ORIGINAL_PARTITION, utf8(Integer.toString(letter.record().partition())));
        headers.add(ORIGINAL_OFFSET, utf8(Long.toString(letter.record().offset())));
        return new ProducerRecord<>(TelemetryWire.DLQ_TOPIC, null, letter.record().timestamp(), letter.record().key(),
                letter.record().value(), headers);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
