package io.coterie.consensus.service;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.LocalPeer;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClientConfiguration {

    /**
     * The API's way into the store: writes go to the leader; reads are answered by this peer
     * (linearizable ones after a ReadIndex round with the leader).
     */
    @Bean(destroyMethod = "close")
    ConsensusClient consensusClient(ConsensusSettings settings, PeerLifecycle lifecycle) {
        return ConsensusClient.builder()
                .localPeer(new LocalPeer() {
                    @Override
                    public String id() {
                        return settings.nodeId();
                    }

                    @Override
                    public CompletableFuture<RaftClientReply> submit(RaftClientRequest request) {
                        return lifecycle.peer().submit(request);
                    }
                })
                .members(settings.clientMembers())
                .clusterName(settings.clusterName())
                .requestTimeout(settings.requestTimeout())
                .operationTimeout(settings.operationTimeout())
                .build();
    }
}
