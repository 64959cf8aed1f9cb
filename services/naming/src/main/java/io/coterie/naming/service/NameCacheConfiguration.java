package io.coterie.naming.service;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.naming.NameCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class NameCacheConfiguration {

    /** Loads in the background from the start; until it is loaded and fresh, resolves read the store. */
    @Bean(destroyMethod = "close")
    NameCache nameCache(ConsensusClient store, NamingSettings settings) {
        return NameCache.start(store, settings.cachePollWait());
    }

    @Bean
    MeterBinder nameCacheMetrics(NameCache cache) {
        return registry -> {
            Gauge.builder("naming.cache.staleness", cache,
                            c -> c.isLoaded() ? c.stalenessMillis() : Double.NaN)
                    .description("How old the name cache may be").baseUnit("milliseconds").register(registry);
            Gauge.builder("naming.cache.entries", cache, NameCache::size)
                    .description("Names in the cache").register(registry);
            Gauge.builder("naming.cache.revision", cache, NameCache::revision)
                    .description("The store revision the name cache reflects").register(registry);
        };
    }
}
