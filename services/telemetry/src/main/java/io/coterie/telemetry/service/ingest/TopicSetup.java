package io.coterie.telemetry.service.ingest;

import io.coterie.telemetry.client.TelemetryWire;
import io.coterie.telemetry.service.TelemetrySettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the telemetry topic and its dead-letter topic when they are missing (brokers here do not
 * create topics on first use). Existing topics are left as they are.
 */
final class TopicSetup {

    private TopicSetup() {
    }

    static void ensure(Admin admin, TelemetrySettings settings) throws InterruptedException, TimeoutException {
        List<NewTopic> topics = List.of(
                new NewTopic(TelemetryWire.TOPIC, settings.topicPartitions(), settings.topicReplicationFactor()),
                new NewTopic(TelemetryWire.DLQ_TOPIC, settings.topicPartitions(), settings.topicReplicationFactor()));
        Map<String, KafkaFuture<Void>> created = admin.createTopics(topics).values();
        for (Map.Entry<String, KafkaFuture<Void>> topic : created.entrySet()) {
            try {
                topic.getValue().get(15, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + topic.getKey() + ": " + e.getCause().getMessage(),
                            e.getCause());
                }
            }
        }
    }
}
