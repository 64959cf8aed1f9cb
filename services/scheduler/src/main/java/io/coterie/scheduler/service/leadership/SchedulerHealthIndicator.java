package io.coterie.scheduler.service.leadership;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of readiness: an instance serves its API from the store, so it is ready while the store
 * answered its leadership loop within the last leader TTL.
 */
@Component("scheduler")
class SchedulerHealthIndicator implements HealthIndicator {

    private final Leadership leadership;

    SchedulerHealthIndicator(Leadership leadership) {
        this.leadership = leadership;
    }

    @Override
    public Health health() {
        Health.Builder health = leadership.storeAnswers() ? Health.up() : Health.down().withDetail("reason", "the store has not answered");
        return health.withDetail("leading", leadership.token() != 0).build();
    }
}
