package io.coterie.consensus.core;

import com.google.protobuf.InvalidProtocolBufferException;
import io.coterie.api.kv.KvLimits;
import io.coterie.consensus.protocol.Command;
import io.coterie.consensus.protocol.CommandValidator;
import io.coterie.consensus.protocol.CompactRequest;
import io.coterie.consensus.protocol.Error;
import io.coterie.consensus.protocol.LeaseExpireRequest;
import io.coterie.consensus.protocol.LeaseListResponse;
import io.coterie.consensus.protocol.Query;
import io.coterie.consensus.protocol.QueryBatchResult;
import io.coterie.consensus.protocol.QueryResult;
import io.coterie.consensus.protocol.StatusResponse;
import io.coterie.consensus.protocol.WatchRequest;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts a {@link KvStore} inside a Ratis server: validates commands before they reach the log,
 * applies them in log order, answers queries (long-polling watches), writes and loads snapshots,
 * and, while this peer leads, proposes lease expiries and history compactions.
 */
public final class KvStateMachine extends BaseStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(KvStateMachine.class);
    private static final QueryResult RETRY_ALONE = QueryResult.newBuilder().setError(Error.newBuilder()
            .setCode(Error.Code.RETRY_ALONE).setMessage("the batch's reply is full; send this read alone")).build();
    private static final long TICK_MILLIS = 100;
    private static final long EXPIRY_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final KvStore store = new KvStore();
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final LeaseDeadlines deadlines = new LeaseDeadlines();
    private final HistoryRetention retention;
    private final long maxWatchWaitMillis;
    private final ScheduledExecutorService timer;
    private final ExecutorService replies;
    private final WatchHub watches;
    private volatile Function<Command, CompletableFuture<?>> proposer;
    private volatile long compactionProposedAt;

    public KvStateMachine(HistoryRetention retention, long maxWatchWaitMillis) {
        this.retention = retention;
        this.maxWatchWaitMillis = maxWatchWaitMillis;
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("kv-timer"));
        this.replies = Executors.newSingleThreadExecutor(daemon("kv-watch-replies"));
        this.watches = new WatchHub(store, timer, replies);
    }

    /** How this peer proposes commands of its own (lease expiry, compaction) while it leads. */
    void setProposer(Function<Command, CompletableFuture<?>> proposer) {
        this.proposer = proposer;
    }

    KvStore store() {
        return store;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        getLifeCycle().transition(LifeCycle.State.STARTING);
        storage.init(raftStorage);
        load(storage.getLatestSnapshot());
        getLifeCycle().transition(LifeCycle.State.RUNNING);
        timer.scheduleWithFixedDelay(this::tickSafely, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Ratis pauses the state machine before it installs a snapshot from the leader. */
    @Override
    public void pause() {
        if (getLifeCycleState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    /** Called, paused, after a snapshot was installed from the leader: the snapshot replaces the state. */
    @Override
    public void reinitialize() throws IOException {
        load(storage.loadLatestSnapshot());
        getLifeCycle().transition(LifeCycle.State.STARTING);
        getLifeCycle().transition(LifeCycle.State.RUNNING);
        watches.wakeAll();
    }

    @Override
    public SimpleStateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public void close() throws IOException {
        timer.shutdownNow();
        replies.shutdownNow();
        super.close();
    }

    private void load(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            return;
        }
        Path path = snapshot.getFile().getPath();
        MD5Hash md5 = snapshot.getFile().getFileDigest();
        if (md5 != null) {
            MD5FileUtil.verifySavedMD5(path.toFile(), md5);
        }
        SnapshotFormat.Header header;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            header = store.readFrom(in);
        }
        TermIndex fromName = SimpleStateMachineStorage.getTermIndexFromSnapshotFile(path.toFile());
        if (fromName.getIndex() != header.index() || fromName.getTerm() != header.term()) {
            throw new IOException("snapshot " + path + " holds term/index " + header.term() + "/" + header.index()
                    + " but its name says " + fromName);
        }
        setLastAppliedTermIndex(fromName);
        deadlines.clear();
        long now = System.nanoTime();
        store.leaseTtls().forEach((id, ttl) -> deadlines.renew(id, ttl, now));
        LOG.info("Loaded snapshot {} (revision {})", path.getFileName(), store.revision());
    }

    @Override
    public long takeSnapshot() throws IOException {
        // Runs on the thread that applies the log, so the state and the applied index agree.
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() < 0) {
            return -1;
        }
        File target = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        Path tmp = target.toPath().resolveSibling(target.getName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             BufferedOutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16)) {
            store.writeTo(out, last.getTerm(), last.getIndex());
            out.flush();
            channel.force(true);
        }
        Files.move(tmp, target.toPath(), StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(target.getParentFile().toPath());
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(target);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(target.toPath(), md5), last));
        LOG.info("Took snapshot {} (revision {})", target.getName(), store.revision());
        return last.getIndex();
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the rename is still atomic there.
            LOG.debug("Could not fsync directory {}", dir, e);
        }
    }

    // ---------------------------------------------------------------- writes

    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        TransactionContext trx = super.startTransaction(request);
        try {
            Command command = Command.parseFrom(request.getMessage().getContent().asReadOnlyByteBuffer());
            Optional<String> violation = CommandValidator.violation(command);
            if (violation.isPresent()) {
                trx.setException(new RejectedCommandException(violation.get()));
            } else {
                trx.setStateMachineContext(command);
            }
        } catch (InvalidProtocolBufferException e) {
            trx.setException(new RejectedCommandException("malformed command: " + e.getMessage()));
        }
        return trx;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        Command command;
        if (trx.getStateMachineContext() instanceof Command parsed) {
            command = parsed;
        } else {
            try {
                command = Command.parseFrom(entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer());
            } catch (InvalidProtocolBufferException e) {
                // Cannot happen for entries the leader validated; applying nothing keeps peers equal.
                LOG.error("Unreadable log entry {}; applying nothing", entry.getIndex(), e);
                updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
                return CompletableFuture.completedFuture(Message.EMPTY);
            }
        }
        KvStore.Applied applied = store.apply(entry.getIndex(), command);
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        trackLeases(command, applied);
        if (!applied.events().isEmpty()) {
            watches.onEvents(applied.events());
        }
        return CompletableFuture.completedFuture(toMessage(applied.result().toByteArray()));
    }

    private void trackLeases(Command command, KvStore.Applied applied) {
        if (command.hasBatch() && applied.result().hasBatch()) {
            for (int i = 0; i < command.getBatch().getCommandsCount(); i++) {
                trackLeases(command.getBatch().getCommands(i), applied.result().getBatch().getResults(i));
            }
        } else {
            trackLeases(command, applied.result());
        }
    }

    private void trackLeases(Command command, io.coterie.consensus.protocol.CommandResult result) {
        if (result.hasError()) {
            return;
        }
        long now = System.nanoTime();
        switch (command.getOpCase()) {
            case LEASE_GRANT -> deadlines.renew(result.getLeaseGrant().getId(),
                    result.getLeaseGrant().getTtlMillis(), now);
            case LEASE_KEEP_ALIVE -> deadlines.renew(result.getLeaseKeepAlive().getId(),
                    result.getLeaseKeepAlive().getTtlMillis(), now);
            case LEASE_REVOKE, LEASE_EXPIRE -> {
                long id = command.hasLeaseRevoke() ? command.getLeaseRevoke().getId() : command.getLeaseExpire().getId();
                if (store.leaseRenewedAt(id) < 0) {
                    deadlines.remove(id);
                }
            }
            default -> {
            }
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public CompletableFuture<Message> query(Message request) {
        Query query;
        try {
            query = Query.parseFrom(request.getContent().asReadOnlyByteBuffer());
        } catch (InvalidProtocolBufferException e) {
            return CompletableFuture.failedFuture(new RejectedCommandException("malformed query: " + e.getMessage()));
        }
        Optional<String> violation = CommandValidator.violation(query);
        if (violation.isPresent()) {
            return CompletableFuture.failedFuture(new RejectedCommandException(violation.get()));
        }
        return answer(query).thenApply(result -> toMessage(result.toByteArray()));
    }

    private CompletableFuture<QueryResult> answer(Query query) {
        if (query.hasBatch()) {
            QueryBatchResult.Builder results = QueryBatchResult.newBuilder();
            long bytes = 0;
            for (Query member : query.getBatch().getQueriesList()) {
                if (bytes >= KvLimits.MAX_BATCH_REPLY_BYTES) {
                    results.addResults(RETRY_ALONE);
                    continue;
                }
                // Validated: no watches in a batch, so every answer is immediate.
                QueryResult answer = answer(member).join();
                results.addResults(answer);
                bytes += answer.getSerializedSize();
            }
            return CompletableFuture.completedFuture(QueryResult.newBuilder().setBatch(results).build());
        }
        QueryResult.Builder result = QueryResult.newBuilder();
        switch (query.getOpCase()) {
            case RANGE -> result.setRange(store.range(query.getRange()));
            case WATCH -> {
                WatchRequest watch = query.getWatch();
                long wait = Math.min(watch.getWaitMillis(), maxWatchWaitMillis);
                return watches.poll(watch.toBuilder().setWaitMillis(wait).build());
            }
            case LEASE_TIME_TO_LIVE -> {
                long id = query.getLeaseTimeToLive().getId();
                store.lease(id, query.getLeaseTimeToLive().getKeys()).ifPresentOrElse(
                        lease -> result.setLeaseTimeToLive(lease.toBuilder()
                                .setRemainingMillis(deadlines.remainingMillis(id, System.nanoTime()))),
                        () -> result.setError(Error.newBuilder().setCode(Error.Code.LEASE_NOT_FOUND)
                                .setMessage("lease " + id + " not found (expired or revoked)")));
            }
            case LEASE_LIST -> result.setLeaseList(LeaseListResponse.newBuilder().addAllIds(store.leaseIds()));
            case STATUS -> {
                StatusResponse.Builder status = store.status().toBuilder()
                        .setAppliedIndex(getLastAppliedTermIndex().getIndex());
                if (query.getStatus().getHash()) {
                    status.setHash(com.google.protobuf.ByteString.copyFrom(store.hash()));
                }
                result.setStatus(status);
            }
            case BATCH, OP_NOT_SET -> throw new IllegalStateException("validated before");
        }
        return CompletableFuture.completedFuture(result.build());
    }

    // ---------------------------------------------------------------- leadership

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        if (groupMemberId.getPeerId().equals(newLeaderId)) {
            deadlines.extendAll(store.leaseTtls(), System.nanoTime());
        }
    }

    private void tickSafely() {
        try {
            if (proposer != null && isLeaderReady()) {
                proposeExpiries();
                proposeCompaction();
            }
        } catch (RuntimeException e) {
            LOG.warn("Leader housekeeping failed; will retry", e);
        }
    }

    private boolean isLeaderReady() {
        CompletableFuture<RaftServer> server = getServer();
        if (!server.isDone()) {
            return false;
        }
        try {
            return server.join().getDivision(getGroupId()).getInfo().isLeaderReady();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void proposeExpiries() {
        List<Long> due = deadlines.dueForExpiry(System.nanoTime(), EXPIRY_RETRY_NANOS);
        for (long id : due) {
            long renewedAt = store.leaseRenewedAt(id);
            if (renewedAt < 0) {
                deadlines.remove(id);
                continue;
            }
            LOG.debug("Lease {} ran out; proposing expiry", id);
            proposer.apply(Command.newBuilder()
                    .setLeaseExpire(LeaseExpireRequest.newBuilder().setId(id).setRenewedAtIndex(renewedAt))
                    .build());
        }
    }

    private void proposeCompaction() {
        long target = store.compactionTarget(retention.maxEvents(), retention.maxBytes());
        if (target <= store.compactRevision()) {
            return;
        }
        long now = System.nanoTime();
        if (now - compactionProposedAt < EXPIRY_RETRY_NANOS) {
            return;
        }
        compactionProposedAt = now;
        // Compact down to half the budget so that compactions stay rare.
        long half = store.compactionTarget(retention.maxEvents() / 2, retention.maxBytes() / 2);
        proposer.apply(Command.newBuilder().setCompact(CompactRequest.newBuilder().setRevision(half)).build());
    }

    int pendingWatches() {
        return watches.waiting();
    }

    private static Message toMessage(byte[] bytes) {
        ByteString content = UnsafeByteOperations.unsafeWrap(bytes);
        return Message.valueOf(content);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
