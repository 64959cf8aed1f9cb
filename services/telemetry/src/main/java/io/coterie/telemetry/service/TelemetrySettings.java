package io.coterie.telemetry.service;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The telemetry service's settings ({@code coterie.telemetry.*}, or {@code COTERIE_TELEMETRY_*} in
 * the environment). The README's settings table lists them with their defaults.
 *
 * @param kafka                  where the broker is
 * @param topicPartitions        partitions of the two topics when this service creates them (it never changes existing ones)
 * @param topicReplicationFactor replicas of the two topics when this service creates them
 * @param consumerGroup          the Kafka consumer group every instance joins; instances split the partitions
 * @param consumerSessionTimeout how long the group waits for a silent instance before handing its partitions to others
 * @param maxBatch               the most records stored in one database transaction
 * @param retention              points and rollups older than this are dropped, and arriving ones are dead-lettered
 * @param maxFutureSkew          a point further than this ahead of this service's clock is dead-lettered
 * @param partitionsAhead        daily partitions created ahead of today
 * @param maintenanceInterval    how often retention runs (and partitions ahead are created); also once at startup
 * @param tailBuffer             points a tail stream may have waiting before newer ones are dropped for it
 * @param maxTailStreams         tail streams one instance serves at once
 * @param tailKeepAlive          how often an idle tail stream gets a keep-alive comment
 */
@ConfigurationProperties("coterie.telemetry")
public record TelemetrySettings(
        @DefaultValue Kafka kafka,
        @DefaultValue("4") int topicPartitions,
        @DefaultValue("1") short topicReplicationFactor,
        @DefaultValue("coterie-telemetry") String consumerGroup,
        @DefaultValue("10s") Duration consumerSessionTimeout,
        @DefaultValue("5000") int maxBatch,
        @DefaultValue("7d") Duration retention,
        @DefaultValue("5m") Duration maxFutureSkew,
        @DefaultValue("3") int partitionsAhead,
        @DefaultValue("1h") Duration maintenanceInterval,
        @DefaultValue("1000") int tailBuffer,
        @DefaultValue("100") int maxTailStreams,
        @DefaultValue("15s") Duration tailKeepAlive) {

    public static final int MAX_BATCH_LIMIT = 50_000;

    /** @param bootstrapServers the brokers' {@code host:port} list */
    public record Kafka(@DefaultValue("127.0.0.1:9092") String bootstrapServers) {
    }

    public TelemetrySettings {
        require(kafka.bootstrapServers() != null && !kafka.bootstrapServers().isBlank(), "kafka.bootstrap-servers must be set");
        require(topicPartitions >= 1, "topic-partitions must be at least 1");
        require(topicReplicationFactor >= 1, "topic-replication-factor must be at least 1");
        require(consumerGroup != null && !consumerGroup.isBlank(), "consumer-group must be set");
        require(consumerSessionTimeout.compareTo(Duration.ofSeconds(6)) >= 0,
                "consumer-session-timeout must be at least 6s (the broker's smallest by default)");
        require(maxBatch >= 1 && maxBatch <= MAX_BATCH_LIMIT, "max-batch must be between 1 and " + MAX_BATCH_LIMIT);
        require(retention.compareTo(Duration.ofHours(1)) >= 0, "retention must be at least 1h");
        require(!maxFutureSkew.isNegative() && maxFutureSkew.compareTo(Duration.ofDays(1)) <= 0,
                "max-future-skew must lie between 0 and 1d");
        require(partitionsAhead >= 1 && partitionsAhead <= 366, "partitions-ahead must be between 1 and 366 days");
        require(maintenanceInterval.compareTo(Duration.ofSeconds(1)) >= 0, "maintenance-interval must be at least 1s");
        require(tailBuffer >= 1 && tailBuffer <= 100_000, "tail-buffer must be between 1 and 100000");
        require(maxTailStreams >= 1 && maxTailStreams <= 10_000, "max-tail-streams must be between 1 and 10000");
        require(tailKeepAlive.compareTo(Duration.ofMillis(100)) >= 0, "tail-keep-alive must be at least 100ms");
    }

    private static void require(boolean rule, String message) {
        if (!rule) {
            throw new IllegalArgumentException("coterie.telemetry." + message);
        }
    }
}
