package io.coterie.agent;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Ready only while the host key stands under a live lease: before that the scheduler cannot see the host (contributor "hostKey"). */
@Component("hostKey")
class HostLeaseHealthIndicator implements HealthIndicator {

    private final HostLease lease;

    HostLeaseHealthIndicator(HostLease lease) {
        this.lease = lease;
    }

    @Override
    public Health health() {
        if (lease.held()) {
            return Health.up().withDetail("lease", lease.lease()).build();
        }
        return Health.down().withDetail("reason", "the host key is not registered under a live lease").build();
    }
}
