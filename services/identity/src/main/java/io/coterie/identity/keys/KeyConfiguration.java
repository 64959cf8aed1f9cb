package io.coterie.identity.keys;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.identity.IdentitySettings;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class KeyConfiguration {

    /** The client ends a store call after its own operation timeout (5 s by default); this only bounds a call that never ends. */
    private static final Duration STORE_WAIT = Duration.ofSeconds(15);

    @Bean
    StoredSigningKeys storedSigningKeys(ConsensusClient store) {
        return new StoredSigningKeys(store, STORE_WAIT);
    }

    @Bean
    KeyRetention keyRetention(IdentitySettings settings) {
        return new KeyRetention(settings.maxTokenTtl(), KeyRetention.DEFAULT_MARGIN, KeyRetention.DEFAULT_ORPHAN_GRACE);
    }
}
