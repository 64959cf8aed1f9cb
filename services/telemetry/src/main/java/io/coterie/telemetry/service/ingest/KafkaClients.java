package io.coterie.telemetry.service.ingest;

import io.coterie.telemetry.service.TelemetrySettings;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The Kafka clients this service uses, configured for what each one is for. */
public final class KafkaClients {

    /** One name per process in the broker's logs and quotas. */
    private static final String INSTANCE = UUID.randomUUID().toString().substring(0, 8);

    private KafkaClients() {
    }

    /**
     * Offsets are never committed to Kafka as the truth (the database holds them), records of
     * aborted producer transactions are never read, and one poll is at most one database batch.
     */
    static KafkaConsumer<byte[], byte[]> consumer(TelemetrySettings settings) {
        Map<String, Object> config = common(settings, "consumer");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.consumerGroup());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxBatch());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.consumerSessionTimeout().toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) settings.consumerSessionTimeout().toMillis() / 3);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Acknowledged by every in-sync replica, and idempotent, so a dead letter the broker confirms is there once. */
    static KafkaProducer<byte[], byte[]> deadLetterProducer(TelemetrySettings settings) {
        Map<String, Object> config = common(settings, "dlq");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public static Admin admin(TelemetrySettings settings) {
        Map<String, Object> config = common(settings, "admin");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return Admin.create(config);
    }

    private static Map<String, Object> common(TelemetrySettings settings, String role) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.kafka().bootstrapServers());
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "coterie-telemetry-" + INSTANCE + "-" + role);
        return config;
    }
}
