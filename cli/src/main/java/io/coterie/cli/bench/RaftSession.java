package io.coterie.cli.bench;

import io.coterie.consensus.client.Consistency;
import io.coterie.consensus.client.ConsensusClient;
import java.util.concurrent.CompletionException;

/**
 * A client of the store's own protocol (Raft client requests over gRPC), the way Coterie's
 * services reach it; all sessions share one {@link ConsensusClient}, as one service would.
 */
final class RaftSession implements KvSession {

    private final ConsensusClient client;

    RaftSession(ConsensusClient client) {
        this.client = client;
    }

    @Override
    public String put(String key, byte[] value) {
        try {
            client.put(key, value).join();
            return null;
        } catch (CompletionException e) {
            return String.valueOf(e.getCause().getMessage());
        }
    }

    @Override
    public String get(String key, boolean stale) {
        try {
            return client.get(key, stale ? Consistency.STALE : Consistency.LINEARIZABLE).join().isPresent()
                    ? null : "key " + key + " not found";
        } catch (CompletionException e) {
            return String.valueOf(e.getCause().getMessage());
        }
    }

    @Override
    public void close() {
        // The shared client is closed by whoever made it.
    }
}
