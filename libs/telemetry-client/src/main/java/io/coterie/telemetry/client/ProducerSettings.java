package io.coterie.telemetry.client;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka producer configuration of a {@link TelemetryClient}. The timeouts decide how soon a dead broker shows:
 * a send waits at most {@value #MAX_BLOCK_MS} ms for metadata (the broker cannot be reached at all), a request at
 * most {@value #REQUEST_TIMEOUT_MS} ms for its answer, and a point at most {@value #DELIVERY_TIMEOUT_MS} ms from
 * send to acknowledgement, retries included; after that the shipper starts over from the spool.
 */
final class ProducerSettings {

    static final int LINGER_MS = 15;
    static final int BATCH_BYTES = 256 * 1024;
    static final int REQUEST_TIMEOUT_MS = 10_000;
    static final int DELIVERY_TIMEOUT_MS = 30_000;
    static final int MAX_BLOCK_MS = 10_000;

    private ProducerSettings() {
    }

    static Map<String, Object> of(String bootstrapServers, String clientId, Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        // Idempotence keeps each partition in send order through the producer's own retries, without duplicates.
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // Telemetry JSON repeats its field names and labels: lz4 shrinks it a lot for little CPU.
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        settings.putAll(overrides);
        return settings;
    }
}
