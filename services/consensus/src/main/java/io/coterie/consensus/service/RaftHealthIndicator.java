package io.coterie.consensus.service;

import io.coterie.consensus.core.ConsensusPeer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Ready only while this peer is in the group's configuration and knows a leader. */
@Component("raft")
class RaftHealthIndicator implements HealthIndicator {

    private final PeerLifecycle lifecycle;

    RaftHealthIndicator(PeerLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public Health health() {
        if (!lifecycle.isRunning()) {
            return Health.down().withDetail("reason", "peer not running").build();
        }
        ConsensusPeer peer = lifecycle.peer();
        String leader = peer.leaderId();
        Health.Builder health = lifecycle.isReady() ? Health.up() : Health.down();
        return health.withDetail("peer", peer.id())
                .withDetail("leader", leader == null ? "none" : leader)
                .withDetail("role", peer.division().getInfo().getCurrentRole().name().toLowerCase())
                .build();
    }
}
