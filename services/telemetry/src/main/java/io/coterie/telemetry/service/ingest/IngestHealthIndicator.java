package io.coterie.telemetry.service.ingest;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Up while the ingest thread consumes: from the moment the topics are known to exist until it
 * stops. A batch being retried (the database failed it) keeps it up, with the failure in the
 * details; the database's own indicator says whether the database answers (health contributor "ingest").
 */
@Component
class IngestHealthIndicator implements HealthIndicator {

    private final Ingest ingest;

    IngestHealthIndicator(Ingest ingest) {
        this.ingest = ingest;
    }

    @Override
    public Health health() {
        Health.Builder health = ingest.consuming() ? Health.up() : Health.down();
        health.withDetail("state", ingest.state()).withDetail("assignedPartitions", ingest.assignedPartitions());
        String failure = ingest.lastFailure();
        if (failure != null) {
            health.withDetail("lastFailure", failure);
        }
        return health.build();
    }
}
