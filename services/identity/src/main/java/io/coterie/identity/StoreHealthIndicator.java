package io.coterie.identity;

import io.coterie.consensus.client.ConsensusClient;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Ready only while the store answers a linearizable read: tokens, keys and IDs all need it. */
@Component("store")
class StoreHealthIndicator implements HealthIndicator {

    private static final long PROBE_SECONDS = 3;

    private final ConsensusClient store;

    StoreHealthIndicator(ConsensusClient store) {
        this.store = store;
    }

    @Override
    public Health health() {
        try {
            long revision = store.revision().get(PROBE_SECONDS, TimeUnit.SECONDS);
            return Health.up().withDetail("revision", revision).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("reason", "interrupted").build();
        } catch (Exception e) {
            return Health.down().withDetail("reason", "the store did not answer within " + PROBE_SECONDS + " s").build();
        }
    }
}
