package io.coterie.consensus.service;

import io.coterie.consensus.client.ConsensusClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClientConfiguration {

    /** The API's way into the store: any peer's API serves linearizable answers through the leader. */
    @Bean(destroyMethod = "close")
    ConsensusClient consensusClient(ConsensusSettings settings) {
        return ConsensusClient.builder()
                .members(settings.clientMembers())
                .clusterName(settings.clusterName())
                .requestTimeout(settings.requestTimeout())
                .operationTimeout(settings.operationTimeout())
                .stalePeer(settings.nodeId())
                .build();
    }
}
