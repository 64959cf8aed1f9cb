package io.coterie.telemetry.service.ingest;

import io.coterie.telemetry.client.InvalidPointException;
import io.coterie.telemetry.client.TelemetryPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * One poll's records, sorted: the points to store, the records to dead-letter, and per partition
 * the offset to resume from once both are done.
 */
record IngestBatch(List<TelemetryPoint> points, List<Rejected> rejected, Map<TopicPartition, Long> nextOffsets) {

    /**
     * @param position the consumer's position in a partition after this poll: past every record
     *                 returned, and past transaction markers, which hold no record
     */
    static IngestBatch sort(ConsumerRecords<byte[], byte[]> records, PointCheck check, Instant now,
                            ToLongFunction<TopicPartition> position) {
        List<TelemetryPoint> points = new ArrayList<>(records.count());
        List<Rejected> rejected = new ArrayList<>();
        Map<TopicPartition, Long> next = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                try {
                    points.add(check.check(record.value(), now));
                } catch (InvalidPointException e) {
                    rejected.add(new Rejected(record, e.getMessage()));
                }
                next.put(partition, record.offset() + 1);
            }
            next.merge(partition, position.applyAsLong(partition), Math::max);
        }
        return new IngestBatch(points, rejected, next);
    }
}
