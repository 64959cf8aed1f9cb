package io.coterie.service;

import io.coterie.consensus.client.ConsensusClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Every service but the consensus peers themselves reaches the store with one shared client. */
@AutoConfiguration(before = ServiceSecurityConfiguration.class)
@EnableConfigurationProperties(StoreProperties.class)
public class StoreClientConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ConsensusClient consensusClient(StoreProperties store) {
        if (store.members() == null || store.members().isBlank()) {
            throw new IllegalStateException("set COTERIE_STORE_MEMBERS to the consensus peers' Raft addresses "
                    + "(n1=host:port,n2=host:port,...)");
        }
        return ConsensusClient.builder()
                .members(store.members())
                .clusterName(store.clusterName())
                .operationTimeout(store.operationTimeout())
                .build();
    }
}
