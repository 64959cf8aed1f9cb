package io.coterie.consensus.core;

import io.coterie.consensus.client.ClusterIds;
import io.coterie.consensus.client.LocalPeer;
import io.coterie.consensus.client.Member;
import io.coterie.consensus.protocol.Command;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SnapshotManagementRequest;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running member of the consensus group: a Ratis server over gRPC hosting the key-value state machine. */
public final class ConsensusPeer implements AutoCloseable, LocalPeer {

    private static final Logger LOG = LoggerFactory.getLogger(ConsensusPeer.class);
    /** Watches long-poll for at most this long, well within any client's request timeout. */
    static final long MAX_WATCH_WAIT_MILLIS = 1000;

    private final PeerConfig config;
    private final RaftGroupId groupId;
    private final RaftServer server;
    private final KvStateMachine stateMachine;
    private final ClientId selfClient = ClientId.randomId();
    private final AtomicLong callIds = new AtomicLong();

    private ConsensusPeer(PeerConfig config) throws IOException {
        this.config = config;
        this.groupId = ClusterIds.groupId(config.clusterName());
        this.stateMachine = new KvStateMachine(config.retention(), MAX_WATCH_WAIT_MILLIS);
        RaftGroup group = config.join()
                ? RaftGroup.valueOf(groupId)
                : RaftGroup.valueOf(groupId, peers(config.members()));
        this.server = RaftServer.newBuilder()
                .setServerId(RaftPeerId.valueOf(config.id()))
                .setGroup(group)
                .setProperties(properties(config))
                .setStateMachine(stateMachine)
                // RECOVER formats an empty directory and keeps an existing one: restarts keep all state.
                .setOption(RaftStorage.StartupOption.RECOVER)
                .build();
    }

    /** Starts the peer; it takes part in elections and replication from here on. */
    public static ConsensusPeer start(PeerConfig config) throws IOException {
        ConsensusPeer peer = new ConsensusPeer(config);
        peer.server.start();
        peer.stateMachine.setProposer(peer::propose);
        LOG.info("Consensus peer {} listening on {}:{} (data in {})", config.id(), config.bindHost(), config.port(),
                config.dataDir());
        return peer;
    }

    static RaftProperties properties(PeerConfig config) {
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, new SnapshotSafeGrpc());
        RaftServerConfigKeys.setStorageDir(p, List.of(config.dataDir().resolve("raft").toFile()));
        GrpcConfigKeys.Server.setHost(p, config.bindHost());
        GrpcConfigKeys.Server.setPort(p, config.port());
        GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf("32MB"));
        // With heartbeats on their own channel, a heartbeat can overtake the append that repairs a
        // follower's divergent tail; Ratis 3.2.2 then trusts the heartbeat's success, sets the
        // follower's match index past the divergence and never sends the repair (RATIS-2605):
        // after a healed partition the old leader stays stuck. Heartbeats on the append channel
        // go out only when there is nothing to append, which avoids the race.
        GrpcConfigKeys.Server.setHeartbeatChannel(p, false);

        PeerConfig.Timing timing = config.timing();
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, millis(timing.electionMin()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, millis(timing.electionMax()));
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, millis(timing.requestTimeout()));
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setTimeout(p, millis(timing.requestTimeout()));
        RaftServerConfigKeys.setStagingTimeout(p, TimeDuration.valueOf(60, TimeUnit.SECONDS));

        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.snapshotEvery());
        RaftServerConfigKeys.Snapshot.setCreationGap(p, Math.min(1024, config.snapshotEvery()));
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        // Once a snapshot covers a log prefix, that prefix can go: a lagging peer gets the snapshot.
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1024, config.snapshotEvery()));
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(config.segmentBytes()));
        return p;
    }

    private static TimeDuration millis(Duration d) {
        return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static List<RaftPeer> peers(List<Member> members) {
        return members.stream().map(m -> RaftPeer.newBuilder().setId(m.id()).setAddress(m.address()).build()).toList();
    }

    /** Submits a command of this peer's own straight to its server (it only does so while leading). */
    private CompletableFuture<RaftClientReply> propose(Command command) {
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(selfClient)
                .setServerId(server.getId())
                .setGroupId(groupId)
                .setCallId(callIds.incrementAndGet())
                .setMessage(Message.valueOf(UnsafeByteOperations.unsafeWrap(command.toByteArray())))
                .setType(RaftClientRequest.writeRequestType())
                .build();
        try {
            return server.submitClientRequestAsync(request);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public String id() {
        return config.id();
    }

    @Override
    public CompletableFuture<RaftClientReply> submit(RaftClientRequest request) {
        try {
            return server.submitClientRequestAsync(request);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public PeerConfig config() {
        return config;
    }

    public RaftServer server() {
        return server;
    }

    public RaftServer.Division division() {
        try {
            return server.getDivision(groupId);
        } catch (IOException e) {
            throw new IllegalStateException("peer " + config.id() + " does not serve group " + groupId, e);
        }
    }

    public KvStateMachine stateMachine() {
        return stateMachine;
    }

    public boolean isLeader() {
        return division().getInfo().isLeader();
    }

    /** The current leader's id as this peer knows it, or null. */
    public String leaderId() {
        RaftPeerId leader = division().getInfo().getLeaderId();
        return leader == null ? null : leader.toString();
    }

    /** Ready to serve: part of the current configuration, and a leader is known. */
    public boolean isReady() {
        try {
            RaftServer.Division division = division();
            return division.getInfo().isAlive()
                    && division.getInfo().getLeaderId() != null
                    && division.getRaftConf().getPeer(server.getId()) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Takes a snapshot now; returns the log index it covers. */
    public long snapshot() throws IOException {
        RaftClientReply reply = server.snapshotManagement(SnapshotManagementRequest.newCreate(
                selfClient, server.getId(), groupId, callIds.incrementAndGet(), 30_000));
        if (!reply.isSuccess()) {
            throw new IOException("snapshot failed", reply.getException());
        }
        return reply.getLogIndex();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
