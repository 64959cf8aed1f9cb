package io.coterie.naming.service;

import io.coterie.naming.NameCache;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Ready once the name cache is loaded, and only while it is fresh enough to answer resolves (health contributor "nameCache"). */
@Component
class NameCacheHealthIndicator implements HealthIndicator {

    private final NameCache cache;
    private final long maxStalenessMillis;

    NameCacheHealthIndicator(NameCache cache, NamingSettings settings) {
        this.cache = cache;
        this.maxStalenessMillis = settings.maxStaleness().toMillis();
    }

    @Override
    public Health health() {
        if (!cache.isLoaded()) {
            return Health.down().withDetail("reason", "the name cache is loading").build();
        }
        long staleness = cache.stalenessMillis();
        Health.Builder health = staleness <= maxStalenessMillis ? Health.up()
                : Health.down().withDetail("reason", "the store has not confirmed the name cache for " + staleness + " ms");
        return health.withDetail("stalenessMillis", staleness)
                .withDetail("revision", cache.revision())
                .withDetail("entries", cache.size())
                .build();
    }
}
