package io.coterie.consensus.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.coterie.api.ProblemType;
import io.coterie.api.kv.KvLimits;
import io.coterie.consensus.protocol.Batch;
import io.coterie.consensus.protocol.Command;
import io.coterie.consensus.protocol.CommandResult;
import io.coterie.consensus.protocol.CommandValidator;
import io.coterie.consensus.protocol.CompactRequest;
import io.coterie.consensus.protocol.DeleteRequest;
import io.coterie.consensus.protocol.Error;
import io.coterie.consensus.protocol.LeaseGrantRequest;
import io.coterie.consensus.protocol.LeaseKeepAliveRequest;
import io.coterie.consensus.protocol.LeaseListRequest;
import io.coterie.consensus.protocol.LeaseRevokeRequest;
import io.coterie.consensus.protocol.LeaseTimeToLiveRequest;
import io.coterie.consensus.protocol.PutRequest;
import io.coterie.consensus.protocol.Query;
import io.coterie.consensus.protocol.QueryBatch;
import io.coterie.consensus.protocol.QueryResult;
import io.coterie.consensus.protocol.RangeRequest;
import io.coterie.consensus.protocol.StatusRequest;
import io.coterie.consensus.protocol.StatusResponse;
import io.coterie.consensus.protocol.WatchRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.client.impl.RaftClientImpl;
import org.apache.ratis.client.impl.UnorderedAsync;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.protocol.exceptions.ResourceUnavailableException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.retry.ExponentialBackoffRetry;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The typed Java client of the consensus store. It talks Raft's client protocol (gRPC) to the
 * peers, finds and follows the leader by itself, and retries a request under its original call id
 * so that the leader's retry cache applies it at most once.
 *
 * <p>Every operation returns a future that fails with a {@link ConsensusException}; none blocks
 * longer than the operation timeout: without a quorum, the caller hears {@link
 * ConsensusException.NoQuorum} instead of waiting.
 */
public final class ConsensusClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsensusClient.class);
    private static final Duration WATCH_WAIT = Duration.ofSeconds(1);
    private static final String REJECTED = "RejectedCommandException from Server ";
    /** Batches being replicated at once; more requests wait and go together in the next one. */
    private static final int MAX_BATCHES_IN_FLIGHT = 2;

    private final RaftGroupId groupId;
    private final Map<String, Member> knownMembers = new LinkedHashMap<>();
    private final RaftClient raft;
    private final RaftClient probe;
    private final RaftPeerId stalePeer;
    private final LocalPeer localPeer;
    private final java.util.concurrent.atomic.AtomicLong localCallIds = new java.util.concurrent.atomic.AtomicLong();
    private final Duration operationTimeout;
    private final ExecutorService background;
    private final ScheduledExecutorService retries;
    private final Batcher<Command, CommandResult> writes;
    private final Batcher<Query, QueryResult> reads;
    private volatile boolean closed;

    private ConsensusClient(Builder b) {
        if (b.members.isEmpty()) {
            throw new IllegalArgumentException("a consensus client needs at least one member address");
        }
        this.groupId = ClusterIds.groupId(b.clusterName);
        b.members.forEach(m -> knownMembers.put(m.id(), m));
        this.operationTimeout = b.operationTimeout;
        this.localPeer = b.localPeer;
        this.stalePeer = RaftPeerId.valueOf(b.localPeer != null ? b.localPeer.id()
                : b.stalePeer != null ? b.stalePeer : b.members.get(0).id());
        RaftGroup group = RaftGroup.valueOf(groupId, toPeers(b.members));
        RaftProperties properties = properties(b.requestTimeout);
        ExponentialBackoffRetry retry = ExponentialBackoffRetry.newBuilder()
                .setBaseSleepTime(TimeDuration.valueOf(50, TimeUnit.MILLISECONDS))
                .setMaxSleepTime(TimeDuration.valueOf(500, TimeUnit.MILLISECONDS))
                // Bounded so that a request the caller already gave up on stops being retried soon.
                .setMaxAttempts((int) Math.max(4, b.operationTimeout.toMillis() / 250))
                .build();
        this.raft = RaftClient.newBuilder().setClientId(ClientId.randomId())
                .setProperties(properties).setRaftGroup(group).setRetryPolicy(retry).build();
        this.probe = RaftClient.newBuilder().setClientId(ClientId.randomId())
                .setProperties(properties(Duration.ofMillis(Math.min(1500, b.requestTimeout.toMillis()))))
                .setRaftGroup(group).setRetryPolicy(RetryPolicies.noRetry()).build();
        this.background = Executors.newCachedThreadPool(daemon("consensus-client"));
        this.retries = Executors.newSingleThreadScheduledExecutor(daemon("consensus-client-retry"));
        this.writes = new Batcher<>(this::sendCommands, Command::getSerializedSize, MAX_BATCHES_IN_FLIGHT,
                KvLimits.MAX_BATCH_COMMANDS, KvLimits.MAX_BATCH_BYTES - 64 * 1024);
        this.reads = new Batcher<>(this::sendQueries, Query::getSerializedSize, MAX_BATCHES_IN_FLIGHT,
                KvLimits.MAX_BATCH_COMMANDS, KvLimits.MAX_BATCH_BYTES);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private List<Member> members = List.of();
        private String clusterName = ClusterIds.DEFAULT_CLUSTER;
        private Duration requestTimeout = Duration.ofSeconds(3);
        private Duration operationTimeout = Duration.ofSeconds(5);
        private String stalePeer;
        private LocalPeer localPeer;

        public Builder members(List<Member> members) {
            this.members = List.copyOf(members);
            return this;
        }

        /** {@code "n1=host:port,n2=host:port"}. */
        public Builder members(String spec) {
            return members(Member.parseList(spec));
        }

        public Builder clusterName(String clusterName) {
            this.clusterName = clusterName;
            return this;
        }

        /** How long one attempt at one peer may take. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** How long an operation may take in all, retries and leader changes included. */
        public Builder operationTimeout(Duration operationTimeout) {
            this.operationTimeout = operationTimeout;
            return this;
        }

        /** The peer that answers stale reads (by default the first member). */
        public Builder stalePeer(String peerId) {
            this.stalePeer = peerId;
            return this;
        }

        /** The peer in this process: reads (and stale reads) go to it without a network hop. */
        public Builder localPeer(LocalPeer localPeer) {
            this.localPeer = localPeer;
            return this;
        }

        public ConsensusClient build() {
            return new ConsensusClient(this);
        }
    }

    private static RaftProperties properties(Duration requestTimeout) {
        RaftProperties properties = new RaftProperties();
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, TimeDuration.valueOf(requestTimeout.toMillis(), TimeUnit.MILLISECONDS));
        // Ratis warms up its ordered stream with a dummy request; we only send unordered ones.
        RaftClientConfigKeys.Async.Experimental.setSendDummyRequest(properties, false);
        GrpcConfigKeys.setMessageSizeMax(properties, SizeInBytes.valueOf("32MB"));
        return properties;
    }

    // ---------------------------------------------------------------- keys

    public CompletableFuture<PutResult> put(String key, byte[] value) {
        return put(key, value, 0);
    }

    public CompletableFuture<PutResult> put(String key, byte[] value, long lease) {
        return write(Command.newBuilder().setPut(PutRequest.newBuilder()
                .setKey(key).setValue(ByteString.copyFrom(value)).setLease(lease)).build())
                .thenApply(r -> Protos.putResult(r.getPut()));
    }

    public CompletableFuture<Optional<KeyValue>> get(String key) {
        return get(key, Consistency.LINEARIZABLE);
    }

    public CompletableFuture<Optional<KeyValue>> get(String key, Consistency consistency) {
        return read(Query.newBuilder().setRange(RangeRequest.newBuilder().setKey(key)).build(), consistency)
                .thenApply(r -> r.getRange().getKvsCount() == 0
                        ? Optional.empty()
                        : Optional.of(Protos.kv(r.getRange().getKvs(0))));
    }

    /** The key (none or one) together with the store revision the answer reflects. */
    public CompletableFuture<RangePage> getWithRevision(String key, Consistency consistency) {
        return read(Query.newBuilder().setRange(RangeRequest.newBuilder().setKey(key)).build(), consistency)
                .thenApply(r -> Protos.rangePage(r.getRange()));
    }

    /** A page of keys starting with {@code prefix}, after the key {@code after} ("" for the first page). */
    public CompletableFuture<RangePage> list(String prefix, String after, int limit, boolean keysOnly,
                                             Consistency consistency) {
        RangeRequest range = RangeRequest.newBuilder()
                .setKey(prefix).setPrefix(true).setAfter(after).setLimit(limit).setKeysOnly(keysOnly).build();
        return read(Query.newBuilder().setRange(range).build(), consistency)
                .thenApply(r -> Protos.rangePage(r.getRange()));
    }

    /** Reads the revision at which the store currently is (linearizable). */
    public CompletableFuture<Long> revision() {
        return read(Query.newBuilder().setStatus(StatusRequest.getDefaultInstance()).build(), Consistency.LINEARIZABLE)
                .thenApply(r -> r.getStatus().getRevision());
    }

    public CompletableFuture<DeleteResult> delete(String key) {
        return write(Command.newBuilder().setDelete(DeleteRequest.newBuilder().setKey(key)).build())
                .thenApply(r -> Protos.deleteResult(r.getDelete()));
    }

    public CompletableFuture<DeleteResult> deletePrefix(String prefix) {
        return write(Command.newBuilder().setDelete(DeleteRequest.newBuilder().setKey(prefix).setPrefix(true)).build())
                .thenApply(r -> Protos.deleteResult(r.getDelete()));
    }

    public CompletableFuture<TxnResult> txn(Txn txn) {
        return write(Command.newBuilder().setTxn(Protos.txn(txn)).build())
                .thenApply(r -> Protos.txnResult(r.getTxn()));
    }

    /** Forgets the event history up to and including {@code revision}; returns the compact revision. */
    public CompletableFuture<Long> compact(long revision) {
        return write(Command.newBuilder().setCompact(CompactRequest.newBuilder().setRevision(revision)).build())
                .thenApply(r -> r.getCompact().getCompactRevision());
    }

    // ---------------------------------------------------------------- leases

    public CompletableFuture<Lease> grantLease(Duration ttl) {
        return write(Command.newBuilder().setLeaseGrant(LeaseGrantRequest.newBuilder().setTtlMillis(ttl.toMillis())).build())
                .thenApply(r -> new Lease(r.getLeaseGrant().getId(), Duration.ofMillis(r.getLeaseGrant().getTtlMillis()),
                        null, List.of()));
    }

    public CompletableFuture<Lease> keepAlive(long id) {
        return write(Command.newBuilder().setLeaseKeepAlive(LeaseKeepAliveRequest.newBuilder().setId(id)).build())
                .thenApply(r -> new Lease(id, Duration.ofMillis(r.getLeaseKeepAlive().getTtlMillis()), null, List.of()));
    }

    /** Revokes the lease and deletes every key attached to it. */
    public CompletableFuture<DeleteResult> revokeLease(long id) {
        return write(Command.newBuilder().setLeaseRevoke(LeaseRevokeRequest.newBuilder().setId(id)).build())
                .thenApply(r -> new DeleteResult(r.getLeaseRevoke().getRevision(), r.getLeaseRevoke().getDeleted(), List.of()));
    }

    public CompletableFuture<Optional<Lease>> lease(long id, boolean withKeys) {
        Query query = Query.newBuilder().setLeaseTimeToLive(LeaseTimeToLiveRequest.newBuilder().setId(id).setKeys(withKeys)).build();
        return send(query, Consistency.LINEARIZABLE).thenApply(r -> {
            if (r.hasError() && r.getError().getCode() == Error.Code.LEASE_NOT_FOUND) {
                return Optional.empty();
            }
            var ttl = checked(r).getLeaseTimeToLive();
            return Optional.of(new Lease(id, Duration.ofMillis(ttl.getGrantedTtlMillis()),
                    ttl.getRemainingMillis() < 0 ? null : Duration.ofMillis(ttl.getRemainingMillis()),
                    List.copyOf(ttl.getKeysList())));
        });
    }

    public CompletableFuture<List<Long>> leases() {
        return read(Query.newBuilder().setLeaseList(LeaseListRequest.getDefaultInstance()).build(), Consistency.LINEARIZABLE)
                .thenApply(r -> List.copyOf(r.getLeaseList().getIdsList()));
    }

    // ---------------------------------------------------------------- watches

    /**
     * One long poll: events matching the key (or prefix) from {@code fromRevision} on (0: from the
     * next write), waiting up to {@code wait} when there are none yet.
     */
    public CompletableFuture<WatchBatch> poll(String key, boolean prefix, long fromRevision, Duration wait) {
        Query query = Query.newBuilder().setWatch(WatchRequest.newBuilder()
                .setKey(key).setPrefix(prefix).setFromRevision(fromRevision).setWaitMillis(wait.toMillis())).build();
        return read(query, Consistency.LINEARIZABLE).thenApply(r -> new WatchBatch(
                r.getWatch().getEventsList().stream().map(Protos::event).toList(),
                r.getWatch().getNextRevision(), r.getWatch().getCompactRevision()));
    }

    /**
     * Delivers every change to the key (or under the prefix) from {@code fromRevision} on, in order,
     * without gaps or duplicates, across leader changes and lost connections, until closed.
     */
    public Watch watch(String key, boolean prefix, long fromRevision, WatchListener listener) {
        PollingWatch watch = new PollingWatch(key, prefix, fromRevision, listener);
        watch.next(Duration.ZERO);
        return watch;
    }

    private final class PollingWatch implements Watch {
        private final String key;
        private final boolean prefix;
        private final WatchListener listener;
        private volatile long next;
        private volatile boolean stopped;
        private int failures;

        PollingWatch(String key, boolean prefix, long fromRevision, WatchListener listener) {
            this.key = key;
            this.prefix = prefix;
            this.next = fromRevision;
            this.listener = listener;
        }

        void next(Duration delay) {
            if (stopped || closed) {
                return;
            }
            Runnable poll = () -> poll(key, prefix, next, WATCH_WAIT).whenCompleteAsync(this::handle, background);
            if (delay.isZero()) {
                poll.run();
            } else {
                retries.schedule(poll, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private void handle(WatchBatch batch, Throwable failure) {
            if (stopped || closed) {
                return;
            }
            if (failure != null) {
                ConsensusException error = translate(failure);
                if (error instanceof ConsensusException.Compacted || error instanceof ConsensusException.InvalidRequest) {
                    stopped = true;
                    listener.onError(error);
                    return;
                }
                failures++;
                long backoff = Math.min(2000, 100L << Math.min(failures, 5));
                LOG.debug("Watch on {} failed ({}); retrying from revision {} in {} ms", key, error.getMessage(), next, backoff);
                next(Duration.ofMillis(backoff));
                return;
            }
            failures = 0;
            if (!batch.events().isEmpty()) {
                try {
                    listener.onEvents(batch.events());
                } catch (RuntimeException e) {
                    LOG.warn("Watch listener on {} failed; the watch goes on", key, e);
                }
            }
            next = batch.nextRevision();
            next(Duration.ZERO);
        }

        @Override
        public long nextRevision() {
            return next;
        }

        @Override
        public boolean isClosed() {
            return stopped || closed;
        }

        @Override
        public void close() {
            stopped = true;
        }
    }

    // ---------------------------------------------------------------- cluster

    /** The store as one peer sees it (stale, from that peer) or, with {@code peer} null, as the leader does. */
    public CompletableFuture<StoreStatus> status(String peer, boolean withHash) {
        Query query = Query.newBuilder().setStatus(StatusRequest.newBuilder().setHash(withHash)).build();
        CompletableFuture<RaftClientReply> reply = peer == null
                ? call(RaftClientRequest.readRequestType(), message(query.toByteArray()), null)
                : call(RaftClientRequest.staleReadRequestType(0), message(query.toByteArray()), RaftPeerId.valueOf(peer));
        return reply.thenApply(r -> {
            StatusResponse s = checked(parseQuery(r)).getStatus();
            return new StoreStatus(r.getServerId().toString(), s.getRevision(), s.getCompactRevision(), s.getAppliedIndex(),
                    s.getKeyCount(), s.getLeaseCount(), s.getHash().isEmpty() ? null : HexFormat.of().formatHex(s.getHash().toByteArray()));
        });
    }

    /** Asks every member about itself, in parallel; members that do not answer are "unreachable". */
    public ClusterStatus clusterStatus() {
        Map<String, GroupInfoReply> replies = groupInfos();
        // The current configuration, from the leader if there is one, names members we may not know yet.
        GroupInfoReply best = replies.values().stream()
                .filter(r -> r.getRoleInfoProto().getRole() == RaftProtos.RaftPeerRole.LEADER)
                .findFirst()
                .orElse(replies.values().stream().findFirst().orElse(null));
        if (best != null) {
            boolean learned = false;
            for (RaftPeer peer : best.getGroup().getPeers()) {
                synchronized (knownMembers) {
                    if (!knownMembers.containsKey(peer.getId().toString())) {
                        knownMembers.put(peer.getId().toString(), new Member(peer.getId().toString(), peer.getAddress()));
                        learned = true;
                    }
                }
            }
            if (learned) {
                replies = groupInfos();
            }
        }
        List<String> inConf = best == null ? null
                : best.getGroup().getPeers().stream().map(p -> p.getId().toString()).toList();
        String leader = null;
        long term = 0;
        long commitIndex = 0;
        List<MemberStatus> members = new ArrayList<>();
        for (Member member : members()) {
            if (inConf != null && !inConf.contains(member.id())) {
                continue;
            }
            GroupInfoReply reply = replies.get(member.id());
            if (reply == null) {
                members.add(new MemberStatus(member.id(), member.address(), "unreachable", 0, 0, 0));
                continue;
            }
            RaftProtos.RoleInfoProto role = reply.getRoleInfoProto();
            RaftProtos.LogInfoProto log = reply.getLogInfoProto();
            // A new leader may not report its term yet; the term of its last log entry catches up at once.
            long memberTerm = Math.max(role.hasLeaderInfo() ? role.getLeaderInfo().getTerm() : 0, log.getLastEntry().getTerm());
            if (role.getRole() == RaftProtos.RaftPeerRole.LEADER) {
                leader = member.id();
                term = memberTerm;
                commitIndex = log.getCommitted().getIndex();
            } else if (leader == null) {
                term = Math.max(term, memberTerm);
                commitIndex = Math.max(commitIndex, log.getCommitted().getIndex());
            }
            members.add(new MemberStatus(member.id(), member.address(), role.getRole().name().toLowerCase(),
                    memberTerm, log.getCommitted().getIndex(), log.getApplied().getIndex()));
        }
        return new ClusterStatus(leader, term, commitIndex, members);
    }

    private Map<String, GroupInfoReply> groupInfos() {
        Map<String, CompletableFuture<GroupInfoReply>> futures = new LinkedHashMap<>();
        for (Member member : members()) {
            futures.put(member.id(), CompletableFuture.supplyAsync(() -> groupInfo(member.id()), background));
        }
        Map<String, GroupInfoReply> replies = new LinkedHashMap<>();
        futures.forEach((id, future) -> {
            try {
                GroupInfoReply reply = future.get(3, TimeUnit.SECONDS);
                if (reply != null) {
                    replies.put(id, reply);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("Member {} did not answer", id, e);
            }
        });
        return replies;
    }

    private GroupInfoReply groupInfo(String peerId) {
        Member member;
        synchronized (knownMembers) {
            member = knownMembers.get(peerId);
        }
        if (member != null) {
            // A member learned after start-up (or being added) needs an address in the RPC layer.
            probe.getClientRpc().addRaftPeers(toPeers(List.of(member)));
        }
        try {
            GroupInfoReply reply = probe.getGroupManagementApi(RaftPeerId.valueOf(peerId)).info(groupId);
            return reply != null && reply.isSuccess() ? reply : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The members this client knows of, including any it learned from the group's configuration. */
    public List<Member> members() {
        synchronized (knownMembers) {
            return List.copyOf(knownMembers.values());
        }
    }

    /**
     * Adds a peer to the group. The peer must already run, started to join (with an empty member
     * list); the call returns once the new configuration is committed.
     */
    public ClusterStatus addMember(Member member) {
        if (groupInfo(member.id()) == null) {
            synchronized (knownMembers) {
                knownMembers.putIfAbsent(member.id(), member);
            }
            if (groupInfo(member.id()) == null) {
                synchronized (knownMembers) {
                    knownMembers.remove(member.id());
                }
                throw new ConsensusException.InvalidRequest("peer " + member + " does not answer; start it with "
                        + "coterie.consensus.join=true before adding it");
            }
        }
        List<RaftPeer> current = currentPeers();
        if (current.stream().anyMatch(p -> p.getId().toString().equals(member.id()))) {
            throw new ConsensusException(ProblemType.CONFLICT, "peer " + member.id() + " is already a member");
        }
        List<RaftPeer> next = new ArrayList<>(current);
        next.add(RaftPeer.newBuilder().setId(member.id()).setAddress(member.address()).build());
        raft.getClientRpc().addRaftPeers(toPeers(List.of(member)));
        changeConfiguration(current, next);
        synchronized (knownMembers) {
            knownMembers.put(member.id(), member);
        }
        return clusterStatus();
    }

    /** Removes a peer from the group; it stops taking part once the new configuration commits. */
    public ClusterStatus removeMember(String id) {
        List<RaftPeer> current = currentPeers();
        List<RaftPeer> next = current.stream().filter(p -> !p.getId().toString().equals(id)).toList();
        if (next.size() == current.size()) {
            throw new ConsensusException(ProblemType.NOT_FOUND, "peer " + id + " is not a member");
        }
        if (next.isEmpty()) {
            throw new ConsensusException.InvalidRequest("cannot remove the last member");
        }
        changeConfiguration(current, next);
        synchronized (knownMembers) {
            knownMembers.remove(id);
        }
        return clusterStatus();
    }

    public ClusterStatus transferLeadership(String id) {
        if (currentPeers().stream().noneMatch(p -> p.getId().toString().equals(id))) {
            throw new ConsensusException(ProblemType.NOT_FOUND, "peer " + id + " is not a member");
        }
        try {
            RaftClientReply reply = raft.admin().transferLeadership(RaftPeerId.valueOf(id), operationTimeout.toMillis());
            if (!reply.isSuccess()) {
                throw translate(reply.getException());
            }
        } catch (IOException e) {
            throw translate(e);
        }
        return clusterStatus();
    }

    private List<RaftPeer> currentPeers() {
        return groupInfos().values().stream()
                .filter(r -> r.getRoleInfoProto().getRole() == RaftProtos.RaftPeerRole.LEADER)
                .findFirst()
                .map(r -> List.copyOf(r.getGroup().getPeers()))
                .orElseThrow(() -> new ConsensusException.NoQuorum("no quorum: there is no leader to change the membership", null));
    }

    private void changeConfiguration(List<RaftPeer> current, List<RaftPeer> next) {
        try {
            RaftClientReply reply = raft.admin().setConfiguration(SetConfigurationRequest.Arguments.newBuilder()
                    .setServersInCurrentConf(current)
                    .setServersInNewConf(next)
                    .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET)
                    .build());
            if (!reply.isSuccess()) {
                throw translate(reply.getException());
            }
        } catch (IOException e) {
            throw translate(e);
        }
    }

    // ---------------------------------------------------------------- plumbing

    private CompletableFuture<CommandResult> write(Command command) {
        Optional<String> violation = CommandValidator.violation(command);
        if (violation.isPresent()) {
            return CompletableFuture.failedFuture(new ConsensusException.InvalidRequest(violation.get()));
        }
        if (closed) {
            return CompletableFuture.failedFuture(new ConsensusException.Closed("the consensus client is closed"));
        }
        return writes.submit(command).thenApply(ConsensusClient::checked);
    }

    /** One Raft request for the whole batch; a single command goes as itself. */
    private CompletableFuture<List<CommandResult>> sendCommands(List<Command> commands) {
        Command request = commands.size() == 1 ? commands.get(0)
                : Command.newBuilder().setBatch(Batch.newBuilder().addAllCommands(commands)).build();
        return call(RaftClientRequest.writeRequestType(), message(request.toByteArray()), null).thenApply(reply -> {
            CommandResult result = parse(reply, CommandResult::parseFrom);
            if (commands.size() == 1) {
                return List.of(result);
            }
            if (result.hasError()) {
                throw fromError(result.getError());
            }
            return result.getBatch().getResultsList();
        });
    }

    private CompletableFuture<QueryResult> read(Query query, Consistency consistency) {
        return send(query, consistency).thenApply(ConsensusClient::checked);
    }

    private CompletableFuture<QueryResult> send(Query query, Consistency consistency) {
        Optional<String> violation = CommandValidator.violation(query);
        if (violation.isPresent()) {
            return CompletableFuture.failedFuture(new ConsensusException.InvalidRequest(violation.get()));
        }
        if (closed) {
            return CompletableFuture.failedFuture(new ConsensusException.Closed("the consensus client is closed"));
        }
        if (consistency == Consistency.STALE) {
            Message message = message(query.toByteArray());
            return readLocallyOr(RaftClientRequest.staleReadRequestType(0), message,
                    () -> call(RaftClientRequest.staleReadRequestType(0), message, stalePeer))
                    .thenApply(ConsensusClient::parseQuery);
        }
        if (query.hasWatch()) {
            // A long poll must not hold up the reads batched with it.
            Message message = message(query.toByteArray());
            return readLocallyOr(RaftClientRequest.readRequestType(), message,
                    () -> call(RaftClientRequest.readRequestType(), message, null))
                    .thenApply(ConsensusClient::parseQuery);
        }
        return reads.submit(query);
    }

    /**
     * Linearizable reads that arrived together share one ReadIndex round. Members the peer left
     * unanswered because the reply was full ({@code RETRY_ALONE}) are sent again one by one.
     */
    private CompletableFuture<List<QueryResult>> sendQueries(List<Query> queries) {
        Query request = queries.size() == 1 ? queries.get(0)
                : Query.newBuilder().setBatch(QueryBatch.newBuilder().addAllQueries(queries)).build();
        Message message = message(request.toByteArray());
        return readLocallyOr(RaftClientRequest.readRequestType(), message,
                () -> call(RaftClientRequest.readRequestType(), message, null)).thenCompose(reply -> {
            QueryResult result = parseQuery(reply);
            if (queries.size() == 1) {
                return CompletableFuture.completedFuture(List.of(result));
            }
            if (result.hasError()) {
                throw fromError(result.getError());
            }
            List<QueryResult> answers = result.getBatch().getResultsList();
            List<CompletableFuture<QueryResult>> completed = new java.util.ArrayList<>(answers.size());
            for (int i = 0; i < answers.size(); i++) {
                QueryResult answer = answers.get(i);
                boolean unanswered = answer.hasError() && answer.getError().getCode() == Error.Code.RETRY_ALONE;
                completed.add(unanswered
                        ? sendQueries(List.of(queries.get(i))).thenApply(alone -> alone.get(0))
                        : CompletableFuture.completedFuture(answer));
            }
            return CompletableFuture.allOf(completed.toArray(CompletableFuture[]::new))
                    .thenApply(done -> completed.stream().map(CompletableFuture::join).toList());
        });
    }

    /**
     * Reads from the peer in this process when there is one; if it cannot answer (no leader yet,
     * shutting down), the network path with its retries takes over.
     */
    private CompletableFuture<RaftClientReply> readLocallyOr(RaftClientRequest.Type type, Message message,
                                                            java.util.function.Supplier<CompletableFuture<RaftClientReply>> network) {
        if (localPeer == null) {
            return network.get();
        }
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(raft.getId())
                .setServerId(RaftPeerId.valueOf(localPeer.id()))
                .setGroupId(groupId)
                .setCallId(localCallIds.incrementAndGet())
                .setMessage(message)
                .setType(type)
                .build();
        CompletableFuture<RaftClientReply> local;
        try {
            local = localPeer.submit(request);
        } catch (RuntimeException e) {
            local = CompletableFuture.failedFuture(e);
        }
        // Off the server's threads before anything else happens (see call()).
        return local.handleAsync((reply, failure) -> failure == null && reply.isSuccess()
                        ? CompletableFuture.completedFuture(reply)
                        : network.get(), background)
                .thenCompose(java.util.function.Function.identity());
    }

    private interface Parser<T> {
        T parse(java.nio.ByteBuffer bytes) throws InvalidProtocolBufferException;
    }

    private static <T> T parse(RaftClientReply reply, Parser<T> parser) {
        try {
            return parser.parse(reply.getMessage().getContent().asReadOnlyByteBuffer());
        } catch (InvalidProtocolBufferException e) {
            throw new ConsensusException(ProblemType.INTERNAL, "unreadable reply from the store", e);
        }
    }

    private static QueryResult parseQuery(RaftClientReply reply) {
        return parse(reply, QueryResult::parseFrom);
    }

    /**
     * Sends one request, unordered, to the leader (or to {@code server}), bounded by the operation
     * timeout; turns every failure into a ConsensusException.
     *
     * <p>Unordered on purpose: the requests of one client are independent callers multiplexed on
     * it, and Ratis' ordered window both holds replies back behind slower ones (a long-polling watch
     * would stall every write) and closes for good once one request runs out of retries. Retries
     * keep the call id, so the retry cache still applies a write at most once.
     */
    private CompletableFuture<RaftClientReply> call(RaftClientRequest.Type type, Message message, RaftPeerId server) {
        CompletableFuture<RaftClientReply> sent;
        try {
            sent = UnorderedAsync.send(type, message, server, (RaftClientImpl) raft);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        // Continue on our own threads: Ratis may complete a future while holding its own locks,
        // and a caller that sends its next request from there can deadlock the server.
        return sent.copy()
                .orTimeout(operationTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handleAsync((reply, failure) -> {
                    if (failure != null) {
                        throw translate(failure);
                    }
                    if (!reply.isSuccess()) {
                        throw translate(reply.getException());
                    }
                    return reply;
                }, background);
    }

    private static CommandResult checked(CommandResult result) {
        if (result.hasError()) {
            throw fromError(result.getError());
        }
        return result;
    }

    private static QueryResult checked(QueryResult result) {
        if (result.hasError()) {
            throw fromError(result.getError());
        }
        return result;
    }

    private static ConsensusException fromError(Error error) {
        return switch (error.getCode()) {
            case INVALID_ARGUMENT, FUTURE_REVISION -> new ConsensusException.InvalidRequest(error.getMessage());
            case LEASE_NOT_FOUND -> new ConsensusException.LeaseNotFound(error.getMessage());
            case COMPACTED -> new ConsensusException.Compacted(error.getMessage(), error.getCompactRevision());
            default -> new ConsensusException(ProblemType.INTERNAL, error.getMessage());
        };
    }

    /** Classifies any failure of a Raft call. */
    ConsensusException translate(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ConsensusException known) {
            return known;
        }
        if (cause instanceof StateMachineException e) {
            String message = String.valueOf(e.getMessage());
            int at = message.indexOf(REJECTED);
            if (at >= 0) {
                int colon = message.indexOf(": ", at + REJECTED.length());
                return new ConsensusException.InvalidRequest(colon >= 0 ? message.substring(colon + 2) : message);
            }
            return new ConsensusException(ProblemType.INTERNAL, "the store failed to apply the request: " + message, e);
        }
        if (cause instanceof ResourceUnavailableException) {
            return new ConsensusException.Overloaded("the leader has too many requests in flight; retry shortly", cause);
        }
        if (cause instanceof GroupMismatchException) {
            return new ConsensusException(ProblemType.UNAVAILABLE,
                    "the peers serve another group: check that the cluster name matches", cause);
        }
        if (closed && cause instanceof AlreadyClosedException) {
            return new ConsensusException.Closed("the consensus client is closed");
        }
        if (cause instanceof TimeoutException || cause instanceof RaftException || cause instanceof IOException) {
            return new ConsensusException.NoQuorum("no quorum: no leader backed by a majority answered within "
                    + operationTimeout.toMillis() + " ms (a write may still apply if a majority returns)", cause);
        }
        return new ConsensusException(ProblemType.INTERNAL, "unexpected failure: " + cause, cause);
    }

    private static Message message(byte[] bytes) {
        return Message.valueOf(UnsafeByteOperations.unsafeWrap(bytes));
    }

    private static List<RaftPeer> toPeers(List<Member> members) {
        return members.stream().map(m -> RaftPeer.newBuilder().setId(m.id()).setAddress(m.address()).build()).toList();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        closed = true;
        background.shutdownNow();
        retries.shutdownNow();
        for (RaftClient client : List.of(raft, probe)) {
            try {
                client.close();
            } catch (IOException e) {
                LOG.debug("Closing a Raft client failed", e);
            }
        }
    }
}
