package io.coterie.scheduler.service;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.scheduler.service.store.BlockingStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The store client comes from service-support; the scheduler calls it with its own bounded wait. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    @Bean
    BlockingStore blockingStore(ConsensusClient client, SchedulerSettings settings) {
        return new BlockingStore(client, settings.storeTimeout());
    }
}
