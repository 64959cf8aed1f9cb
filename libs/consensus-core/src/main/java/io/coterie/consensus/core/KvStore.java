package io.coterie.consensus.core;

import com.google.protobuf.ByteString;
import io.coterie.api.kv.KvLimits;
import io.coterie.consensus.protocol.BatchResult;
import io.coterie.consensus.protocol.Command;
import io.coterie.consensus.protocol.CommandResult;
import io.coterie.consensus.protocol.CommandValidator;
import io.coterie.consensus.protocol.CompactResponse;
import io.coterie.consensus.protocol.Compare;
import io.coterie.consensus.protocol.DeleteRequest;
import io.coterie.consensus.protocol.DeleteResponse;
import io.coterie.consensus.protocol.Error;
import io.coterie.consensus.protocol.Event;
import io.coterie.consensus.protocol.KeyValue;
import io.coterie.consensus.protocol.LeaseGrantResponse;
import io.coterie.consensus.protocol.LeaseKeepAliveResponse;
import io.coterie.consensus.protocol.LeaseRevokeResponse;
import io.coterie.consensus.protocol.LeaseTimeToLiveResponse;
import io.coterie.consensus.protocol.PutRequest;
import io.coterie.consensus.protocol.PutResponse;
import io.coterie.consensus.protocol.RangeRequest;
import io.coterie.consensus.protocol.RangeResponse;
import io.coterie.consensus.protocol.RequestOp;
import io.coterie.consensus.protocol.ResponseOp;
import io.coterie.consensus.protocol.SnapshotLease;
import io.coterie.consensus.protocol.StatusResponse;
import io.coterie.consensus.protocol.TxnRequest;
import io.coterie.consensus.protocol.TxnResponse;
import io.coterie.consensus.protocol.WatchRequest;
import io.coterie.consensus.protocol.WatchResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * The replicated key-value state: keys with revisions, leases and the event history.
 *
 * <p>{@link #apply} is deterministic: the same commands at the same log indexes give the same state
 * on every peer, byte for byte (see {@link #hash()}). Nothing here reads a clock; lease deadlines
 * live outside, in {@link LeaseDeadlines}, because only the leader's clock may decide expiry.
 * One thread applies; any number read concurrently.
 */
public final class KvStore {

    /** The outcome of one log entry: the reply for the client and the events it produced. */
    public record Applied(CommandResult result, List<Event> events) {
    }

    /** A lease as the replicated state knows it; deadlines are not replicated. */
    private static final class Lease {
        final long ttlMillis;
        long renewedAtIndex;
        final TreeSet<String> keys = new TreeSet<>();

        Lease(long ttlMillis, long renewedAtIndex) {
            this.ttlMillis = ttlMillis;
            this.renewedAtIndex = renewedAtIndex;
        }
    }

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<String, KeyValue> keys = new TreeMap<>();
    private final TreeMap<Long, Lease> leases = new TreeMap<>();
    private final EventHistory history = new EventHistory();
    private long revision;
    private long nextLeaseId = 1;

    // ---------------------------------------------------------------- writes

    /**
     * Applies the command found at log {@code index}. The commands of a batch apply one after the
     * other, each with its own revision and result, as if each had its own log entry.
     */
    public Applied apply(long index, Command command) {
        lock.writeLock().lock();
        try {
            List<Event> events = new ArrayList<>();
            if (!command.hasBatch()) {
                return new Applied(applyOne(index, command, events), events);
            }
            Optional<String> invalid = CommandValidator.violation(command);
            if (invalid.isPresent()) {
                return new Applied(error(Error.Code.INVALID_ARGUMENT, invalid.get()), events);
            }
            BatchResult.Builder results = BatchResult.newBuilder();
            for (Command member : command.getBatch().getCommandsList()) {
                results.addResults(applyOne(index, member, events));
            }
            return new Applied(CommandResult.newBuilder().setBatch(results).build(), events);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private CommandResult applyOne(long index, Command command, List<Event> sink) {
        List<Event> events = new ArrayList<>();
        CommandResult result = applyLocked(index, command, events);
        if (!events.isEmpty()) {
            revision++;
            history.append(events);
            sink.addAll(events);
        }
        return result;
    }

    private CommandResult applyLocked(long index, Command command, List<Event> events) {
        Optional<String> invalid = CommandValidator.violation(command);
        if (invalid.isPresent()) {
            // The leader refuses invalid commands before they reach the log; this only guards
            // against a log written by an older, laxer version.
            return error(Error.Code.INVALID_ARGUMENT, invalid.get());
        }
        long next = revision + 1;
        CommandResult.Builder result = CommandResult.newBuilder();
        switch (command.getOpCase()) {
            case PUT -> {
                if (!leaseExists(command.getPut().getLease())) {
                    return leaseNotFound(command.getPut().getLease());
                }
                result.setPut(put(command.getPut(), next, events));
            }
            case DELETE -> result.setDelete(delete(command.getDelete(), next, events));
            case TXN -> {
                TxnRequest txn = command.getTxn();
                boolean succeeded = txn.getCompareList().stream().allMatch(this::holds);
                List<RequestOp> branch = succeeded ? txn.getSuccessList() : txn.getFailureList();
                for (RequestOp op : branch) {
                    if (op.hasPut() && !leaseExists(op.getPut().getLease())) {
                        return leaseNotFound(op.getPut().getLease());
                    }
                }
                result.setTxn(txn(succeeded, branch, next, events));
            }
            case LEASE_GRANT -> {
                long id = nextLeaseId++;
                leases.put(id, new Lease(command.getLeaseGrant().getTtlMillis(), index));
                result.setLeaseGrant(LeaseGrantResponse.newBuilder()
                        .setId(id).setTtlMillis(command.getLeaseGrant().getTtlMillis()));
            }
            case LEASE_KEEP_ALIVE -> {
                long id = command.getLeaseKeepAlive().getId();
                Lease lease = leases.get(id);
                if (lease == null) {
                    return leaseNotFound(id);
                }
                lease.renewedAtIndex = index;
                result.setLeaseKeepAlive(LeaseKeepAliveResponse.newBuilder().setId(id).setTtlMillis(lease.ttlMillis));
            }
            case LEASE_REVOKE -> {
                long id = command.getLeaseRevoke().getId();
                if (!leases.containsKey(id)) {
                    return leaseNotFound(id);
                }
                result.setLeaseRevoke(revoke(id, next, events));
            }
            case LEASE_EXPIRE -> {
                long id = command.getLeaseExpire().getId();
                Lease lease = leases.get(id);
                if (lease == null) {
                    return leaseNotFound(id);
                }
                if (lease.renewedAtIndex != command.getLeaseExpire().getRenewedAtIndex()) {
                    // Renewed after the leader decided it had run out: the renewal wins.
                    result.setLeaseExpire(LeaseRevokeResponse.newBuilder().setRevision(revision));
                } else {
                    result.setLeaseExpire(revoke(id, next, events));
                }
            }
            case COMPACT -> {
                long target = command.getCompact().getRevision();
                if (target > revision) {
                    return error(Error.Code.FUTURE_REVISION,
                            "cannot compact to revision " + target + ": the store is at revision " + revision);
                }
                history.compact(target);
                result.setCompact(CompactResponse.newBuilder().setCompactRevision(history.compactRevision()));
            }
            case BATCH, OP_NOT_SET -> {
                return error(Error.Code.INVALID_ARGUMENT, "not a single command");
            }
        }
        return result.build();
    }

    private PutResponse put(PutRequest request, long rev, List<Event> events) {
        KeyValue previous = keys.get(request.getKey());
        KeyValue kv = KeyValue.newBuilder()
                .setKey(request.getKey())
                .setValue(request.getValue())
                .setCreateRevision(previous == null ? rev : previous.getCreateRevision())
                .setModRevision(rev)
                .setVersion(previous == null ? 1 : previous.getVersion() + 1)
                .setLease(request.getLease())
                .build();
        keys.put(kv.getKey(), kv);
        if (previous != null && previous.getLease() != 0 && previous.getLease() != kv.getLease()) {
            detachFromLease(previous);
        }
        if (kv.getLease() != 0) {
            leases.get(kv.getLease()).keys.add(kv.getKey());
        }
        events.add(Event.newBuilder().setType(Event.Type.PUT).setKv(kv).build());
        PutResponse.Builder response = PutResponse.newBuilder().setRevision(rev);
        if (request.getPrevKv() && previous != null) {
            response.setPrevKv(previous);
        }
        return response.build();
    }

    private DeleteResponse delete(DeleteRequest request, long rev, List<Event> events) {
        List<KeyValue> doomed = new ArrayList<>();
        if (request.getPrefix()) {
            doomed.addAll(prefixView(request.getKey()).values());
        } else {
            Optional.ofNullable(keys.get(request.getKey())).ifPresent(doomed::add);
        }
        for (KeyValue kv : doomed) {
            remove(kv, rev, events);
        }
        DeleteResponse.Builder response = DeleteResponse.newBuilder()
                .setRevision(doomed.isEmpty() ? revision : rev)
                .setDeleted(doomed.size());
        if (request.getPrevKv()) {
            response.addAllPrevKvs(doomed);
        }
        return response.build();
    }

    private TxnResponse txn(boolean succeeded, List<RequestOp> ops, long rev, List<Event> events) {
        TxnResponse.Builder response = TxnResponse.newBuilder().setSucceeded(succeeded);
        for (RequestOp op : ops) {
            switch (op.getOpCase()) {
                case PUT -> response.addResponses(ResponseOp.newBuilder().setPut(put(op.getPut(), rev, events)));
                case DELETE -> response.addResponses(ResponseOp.newBuilder().setDelete(delete(op.getDelete(), rev, events)));
                case RANGE -> response.addResponses(ResponseOp.newBuilder()
                        .setRange(rangeLocked(op.getRange(), events.isEmpty() ? revision : rev)));
                case OP_NOT_SET -> throw new IllegalStateException("validated before");
            }
        }
        return response.setRevision(events.isEmpty() ? revision : rev).build();
    }

    private boolean holds(Compare compare) {
        KeyValue kv = keys.get(compare.getKey());
        int order;
        if (compare.getTarget() == Compare.Target.VALUE) {
            if (kv == null) {
                return false;
            }
            order = ByteString.unsignedLexicographicalComparator().compare(kv.getValue(), compare.getValue());
        } else {
            long actual = kv == null ? 0 : switch (compare.getTarget()) {
                case VERSION -> kv.getVersion();
                case CREATE_REVISION -> kv.getCreateRevision();
                case MOD_REVISION -> kv.getModRevision();
                case LEASE -> kv.getLease();
                default -> throw new IllegalStateException("unknown compare target " + compare.getTarget());
            };
            order = Long.compare(actual, compare.getNumber());
        }
        return switch (compare.getResult()) {
            case EQUAL -> order == 0;
            case NOT_EQUAL -> order != 0;
            case LESS -> order < 0;
            case GREATER -> order > 0;
            default -> false;
        };
    }

    private LeaseRevokeResponse revoke(long id, long rev, List<Event> events) {
        Lease lease = leases.remove(id);
        List<KeyValue> doomed = new ArrayList<>();
        for (String key : lease.keys) {
            doomed.add(keys.get(key));
        }
        for (KeyValue kv : doomed) {
            remove(kv, rev, events);
        }
        return LeaseRevokeResponse.newBuilder()
                .setRevision(doomed.isEmpty() ? revision : rev)
                .setDeleted(doomed.size())
                .build();
    }

    private void remove(KeyValue kv, long rev, List<Event> events) {
        keys.remove(kv.getKey());
        if (kv.getLease() != 0) {
            detachFromLease(kv);
        }
        events.add(Event.newBuilder()
                .setType(Event.Type.DELETE)
                .setKv(KeyValue.newBuilder().setKey(kv.getKey()).setModRevision(rev))
                .build());
    }

    private void detachFromLease(KeyValue kv) {
        Lease lease = leases.get(kv.getLease());
        if (lease != null) {
            lease.keys.remove(kv.getKey());
        }
    }

    private boolean leaseExists(long id) {
        return id == 0 || leases.containsKey(id);
    }

    private static CommandResult leaseNotFound(long id) {
        return error(Error.Code.LEASE_NOT_FOUND, "lease " + id + " not found (expired or revoked)");
    }

    private static CommandResult error(Error.Code code, String message) {
        return CommandResult.newBuilder().setError(Error.newBuilder().setCode(code).setMessage(message)).build();
    }

    // ---------------------------------------------------------------- reads

    public RangeResponse range(RangeRequest request) {
        lock.readLock().lock();
        try {
            return rangeLocked(request, revision);
        } finally {
            lock.readLock().unlock();
        }
    }

    private RangeResponse rangeLocked(RangeRequest request, long atRevision) {
        RangeResponse.Builder response = RangeResponse.newBuilder().setRevision(atRevision);
        if (!request.getPrefix()) {
            KeyValue kv = keys.get(request.getKey());
            if (kv != null) {
                response.setCount(1);
                if (!request.getCountOnly()) {
                    response.addKvs(request.getKeysOnly() ? kv.toBuilder().clearValue().build() : kv);
                }
            }
            return response.build();
        }
        Map<String, KeyValue> matching = prefixView(request.getKey());
        if (request.getCountOnly()) {
            return response.setCount(matching.size()).build();
        }
        int limit = request.getLimit() == 0 ? KvLimits.DEFAULT_PAGE_SIZE : request.getLimit();
        Map<String, KeyValue> page = request.getAfter().isEmpty()
                ? matching
                : prefixView(request.getKey()).tailMap(request.getAfter(), false);
        Iterator<KeyValue> it = page.values().iterator();
        long bytes = 0;
        while (it.hasNext() && response.getKvsCount() < limit && bytes < KvLimits.MAX_READ_REPLY_BYTES) {
            KeyValue kv = it.next();
            KeyValue shown = request.getKeysOnly() ? kv.toBuilder().clearValue().build() : kv;
            response.addKvs(shown);
            bytes += shown.getSerializedSize();
        }
        return response.setMore(it.hasNext()).setCount(response.getKvsCount()).build();
    }

    /** Keys starting with {@code prefix}, in order; a live view. */
    private NavigableMap<String, KeyValue> prefixView(String prefix) {
        if (prefix.isEmpty()) {
            return keys;
        }
        return keys.subMap(prefix, true, prefixEnd(prefix), false);
    }

    /** The smallest string greater than every string that starts with {@code prefix}. */
    static String prefixEnd(String prefix) {
        // Characters compare as UTF-16 code units in a TreeMap; \uFFFF is the largest.
        StringBuilder end = new StringBuilder(prefix);
        for (int i = end.length() - 1; i >= 0; i--) {
            char c = end.charAt(i);
            if (c != Character.MAX_VALUE) {
                end.setCharAt(i, (char) (c + 1));
                end.setLength(i + 1);
                return end.toString();
            }
        }
        return prefix + Character.MAX_VALUE + Character.MAX_VALUE;
    }

    /**
     * Events for a watch: an error if {@code request.from_revision} is compacted, otherwise the
     * matching events (possibly none) and where to continue.
     */
    public WatchPoll poll(WatchRequest request) {
        lock.readLock().lock();
        try {
            long from = request.getFromRevision() == 0 ? revision + 1 : request.getFromRevision();
            if (from <= history.compactRevision()) {
                return WatchPoll.compacted(Error.newBuilder()
                        .setCode(Error.Code.COMPACTED)
                        .setCompactRevision(history.compactRevision())
                        .setMessage("revision " + from + " is compacted; the oldest available is "
                                + (history.compactRevision() + 1))
                        .build());
            }
            int max = request.getMaxEvents() == 0 ? KvLimits.MAX_WATCH_EVENTS : request.getMaxEvents();
            EventHistory.Slice slice = history.read(from, keyFilter(request), max);
            long next = slice.truncated()
                    ? EventHistory.revisionOf(slice.events().get(slice.events().size() - 1)) + 1
                    : Math.max(from, revision + 1);
            return WatchPoll.of(WatchResponse.newBuilder()
                    .addAllEvents(slice.events())
                    .setNextRevision(next)
                    .setCompactRevision(history.compactRevision())
                    .build());
        } finally {
            lock.readLock().unlock();
        }
    }

    static Predicate<String> keyFilter(WatchRequest request) {
        String key = request.getKey();
        return request.getPrefix() ? k -> k.startsWith(key) : key::equals;
    }

    public Optional<LeaseTimeToLiveResponse> lease(long id, boolean withKeys) {
        lock.readLock().lock();
        try {
            Lease lease = leases.get(id);
            if (lease == null) {
                return Optional.empty();
            }
            LeaseTimeToLiveResponse.Builder response = LeaseTimeToLiveResponse.newBuilder()
                    .setId(id).setGrantedTtlMillis(lease.ttlMillis).setRemainingMillis(-1);
            if (withKeys) {
                response.addAllKeys(lease.keys);
            }
            return Optional.of(response.build());
        } finally {
            lock.readLock().unlock();
        }
    }

    public List<Long> leaseIds() {
        lock.readLock().lock();
        try {
            return new ArrayList<>(leases.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The log index of the lease's last grant or renewal, or -1 when there is no such lease. */
    public long leaseRenewedAt(long id) {
        lock.readLock().lock();
        try {
            Lease lease = leases.get(id);
            return lease == null ? -1 : lease.renewedAtIndex;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every lease with its TTL, for the leader's deadline bookkeeping. */
    public Map<Long, Long> leaseTtls() {
        lock.readLock().lock();
        try {
            Map<Long, Long> ttls = new TreeMap<>();
            leases.forEach((id, lease) -> ttls.put(id, lease.ttlMillis));
            return ttls;
        } finally {
            lock.readLock().unlock();
        }
    }

    public StatusResponse status() {
        lock.readLock().lock();
        try {
            return StatusResponse.newBuilder()
                    .setRevision(revision)
                    .setCompactRevision(history.compactRevision())
                    .setKeyCount(keys.size())
                    .setLeaseCount(leases.size())
                    .build();
        } finally {
            lock.readLock().unlock();
        }
    }

    public long revision() {
        lock.readLock().lock();
        try {
            return revision;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The revision to compact to so that the history keeps within both bounds; the current compact revision if it does. */
    public long compactionTarget(int keepEvents, long keepBytes) {
        lock.readLock().lock();
        try {
            return history.revisionToKeepWithin(keepEvents, keepBytes);
        } finally {
            lock.readLock().unlock();
        }
    }

    public long compactRevision() {
        lock.readLock().lock();
        try {
            return history.compactRevision();
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- snapshots

    /** Writes the whole state; see {@link SnapshotFormat}. */
    public void writeTo(OutputStream out, long term, long index) throws IOException {
        lock.readLock().lock();
        try {
            SnapshotFormat.write(out, term, index, revision, history.compactRevision(), nextLeaseId,
                    keys.values(), leasesForSnapshot(), history.all());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** SHA-256 of the replicated state: equal on two peers exactly when their states are equal. */
    public byte[] hash() {
        lock.readLock().lock();
        try {
            return SnapshotFormat.hash(revision, history.compactRevision(), nextLeaseId,
                    keys.values(), leasesForSnapshot(), history.all());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Replaces the whole state with the one read from a snapshot. */
    public SnapshotFormat.Header readFrom(InputStream in) throws IOException {
        SnapshotFormat.Contents contents = SnapshotFormat.read(in);
        lock.writeLock().lock();
        try {
            keys.clear();
            leases.clear();
            revision = contents.header().getRevision();
            nextLeaseId = contents.header().getNextLeaseId();
            for (var lease : contents.leases()) {
                leases.put(lease.getId(), new Lease(lease.getTtlMillis(), lease.getRenewedAtIndex()));
            }
            for (KeyValue kv : contents.keys()) {
                keys.put(kv.getKey(), kv);
                if (kv.getLease() != 0) {
                    Lease lease = leases.get(kv.getLease());
                    if (lease == null) {
                        throw new IOException("snapshot is inconsistent: key " + kv.getKey()
                                + " is attached to missing lease " + kv.getLease());
                    }
                    lease.keys.add(kv.getKey());
                }
            }
            history.restore(contents.header().getCompactRevision(), contents.events());
            return new SnapshotFormat.Header(contents.header().getTerm(), contents.header().getIndex());
        } finally {
            lock.writeLock().unlock();
        }
    }

    private List<SnapshotLease> leasesForSnapshot() {
        List<SnapshotLease> out = new ArrayList<>(leases.size());
        leases.forEach((id, lease) -> out.add(SnapshotLease.newBuilder()
                .setId(id).setTtlMillis(lease.ttlMillis).setRenewedAtIndex(lease.renewedAtIndex).build()));
        return out;
    }
}
