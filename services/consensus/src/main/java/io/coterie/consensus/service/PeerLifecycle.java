package io.coterie.consensus.service;

import io.coterie.consensus.core.ConsensusPeer;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts the Raft peer before the web server takes requests, and closes it after the web server
 * has drained them on shutdown.
 */
@Component
public class PeerLifecycle implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(PeerLifecycle.class);

    private final ConsensusSettings settings;
    private volatile ConsensusPeer peer;

    public PeerLifecycle(ConsensusSettings settings) {
        this.settings = settings;
    }

    @Override
    public void start() {
        try {
            peer = ConsensusPeer.start(settings.peerConfig());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start consensus peer " + settings.nodeId(), e);
        }
    }

    @Override
    public void stop() {
        ConsensusPeer running = peer;
        if (running != null) {
            try {
                running.close();
            } catch (IOException e) {
                LOG.warn("Closing consensus peer {} failed", settings.nodeId(), e);
            }
            peer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return peer != null;
    }

    /** Before the web server (which starts late and stops early). */
    @Override
    public int getPhase() {
        return 0;
    }

    public ConsensusPeer peer() {
        ConsensusPeer running = peer;
        if (running == null) {
            throw new IllegalStateException("the consensus peer is not running");
        }
        return running;
    }

    public boolean isReady() {
        ConsensusPeer running = peer;
        return running != null && running.isReady();
    }
}
