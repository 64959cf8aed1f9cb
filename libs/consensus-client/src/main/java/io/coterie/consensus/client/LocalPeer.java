package io.coterie.consensus.client;

import java.util.concurrent.CompletableFuture;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;

/**
 * The consensus peer running in this very process, when there is one. Reads go to it directly:
 * a follower serves a linearizable read after asking the leader for the read index (Raft
 * ReadIndex), so no request crosses the network to the leader and back just to read.
 */
public interface LocalPeer {

    String id();

    CompletableFuture<RaftClientReply> submit(RaftClientRequest request);
}
