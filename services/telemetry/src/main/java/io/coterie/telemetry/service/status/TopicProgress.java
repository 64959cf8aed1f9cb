package io.coterie.telemetry.service.status;

import java.util.List;

/**
 * How far the database is behind the telemetry topic, per partition. Without an answer from the
 * broker, only the stored offsets are known: end offsets and lag are then null.
 */
record TopicProgress(boolean brokerReachable, List<Partition> partitions) {

    record Partition(int partition, long nextOffset, Long endOffset, Long lag) {
    }

    Long totalLag() {
        if (!brokerReachable) {
            return null;
        }
        return partitions.stream().mapToLong(p -> p.lag() == null ? 0 : p.lag()).sum();
    }
}
