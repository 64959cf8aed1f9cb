package io.coterie.telemetry.service.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record that cannot be stored, and the rule it breaks (the dead letter's reason). */
record Rejected(ConsumerRecord<byte[], byte[]> record, String reason) {
}
