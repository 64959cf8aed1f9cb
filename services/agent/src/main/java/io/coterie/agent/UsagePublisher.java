package io.coterie.agent;

import io.coterie.cgroups.Usage;
import io.coterie.telemetry.client.Measurement;
import io.coterie.telemetry.client.TelemetryClient;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes workload usage as telemetry (source {@code jobs/JOB/INDEX}, metrics {@code cpu.seconds}
 * and {@code memory.bytes}, labels {@code host} and {@code alloc}) when Kafka is configured; does
 * nothing otherwise. The client spools to disk, so a missing broker never slows the agent.
 */
final class UsagePublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UsagePublisher.class);

    private final TelemetryClient client;
    private final String hostId;

    private UsagePublisher(TelemetryClient client, String hostId) {
        this.client = client;
        this.hostId = hostId;
    }

    static UsagePublisher disabled() {
        return new UsagePublisher(null, null);
    }

    static UsagePublisher to(TelemetryClient client, String hostId) {
        return new UsagePublisher(client, hostId);
    }

    boolean enabled() {
        return client != null;
    }

    void publish(Assignment assignment, Usage usage) {
        if (client == null) {
            return;
        }
        String source = "jobs/" + assignment.job() + "/" + assignment.index();
        Map<String, String> labels = Map.of("host", hostId, "alloc", assignment.id());
        try {
            client.recordAll(List.of(new Measurement(source, "cpu.seconds", usage.cpuSeconds(), labels),
                    new Measurement(source, "memory.bytes", usage.memoryBytes(), labels)));
        } catch (RuntimeException e) {
            // A full spool disk or a point the wire format refuses: usage stays in the status anyway.
            log.warn("could not record usage of {} as telemetry: {}", assignment.id(), e.getMessage());
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
