package io.coterie.service;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service reaches the consensus store ({@code COTERIE_STORE_*}).
 *
 * @param members          the consensus peers' Raft addresses, {@code n1=host:port,...}
 * @param clusterName      the Raft group's name
 * @param operationTimeout how long a store call may wait for a quorum
 */
@ConfigurationProperties("coterie.store")
public record StoreProperties(String members, @DefaultValue("coterie") String clusterName,
                              @DefaultValue("5s") Duration operationTimeout) {
}
