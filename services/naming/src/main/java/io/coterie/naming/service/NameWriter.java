package io.coterie.naming.service;

import io.coterie.api.ProblemType;
import io.coterie.consensus.client.Compare;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.DeleteResult;
import io.coterie.consensus.client.Op;
import io.coterie.consensus.client.RangePage;
import io.coterie.consensus.client.Txn;
import io.coterie.consensus.client.TxnResult;
import io.coterie.naming.Entry;
import io.coterie.naming.EntryCodec;
import io.coterie.naming.LinkEntry;
import io.coterie.naming.NameCache;
import io.coterie.naming.NamePath;
import io.coterie.service.ApiException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Binds and unbinds names in the store; a conditional write is one transaction (compare the
 * entry's revision, then write). A write answers once this instance's cache shows it (while the
 * cache is healthy), so a client that writes and then resolves here reads its own write.
 */
@Component
class NameWriter {

    private final ConsensusClient store;
    private final NameCache cache;
    private final long maxStalenessMillis;

    NameWriter(ConsensusClient store, NameCache cache, NamingSettings settings) {
        this.store = store;
        this.cache = cache;
        this.maxStalenessMillis = settings.maxStaleness().toMillis();
    }

    /** Answers the revision of the write. */
    CompletableFuture<Long> bind(NamePath name, Entry entry, Long ifRevision, long session) {
        if (entry instanceof LinkEntry link && link.target().equals(name)) {
            throw ApiException.badRequest("a link cannot point to itself ('" + name + "')");
        }
        byte[] value = EntryRequests.convert(() -> EntryCodec.encode(entry));
        String key = name.storeKey();
        if (ifRevision == null) {
            return visible(store.put(key, value, session).thenApply(put -> put.revision()));
        }
        Txn txn = Txn.builder().when(condition(key, ifRevision)).then(Op.put(key, value, session)).otherwise(Op.get(key)).build();
        return visible(store.txn(txn).thenApply(result -> succeeded(result, name, ifRevision).revision()));
    }

    /** Answers the revision of the delete; 404 when the name was not bound. */
    CompletableFuture<Long> unbind(NamePath name, Long ifRevision) {
        String key = name.storeKey();
        if (ifRevision == null) {
            return visible(store.delete(key).thenApply(deleted -> deleted(deleted, name)));
        }
        Txn txn = Txn.builder().when(condition(key, ifRevision)).then(Op.delete(key)).otherwise(Op.get(key)).build();
        return visible(store.txn(txn).thenApply(result ->
                deleted((DeleteResult) succeeded(result, name, ifRevision).results().get(0), name)));
    }

    private CompletableFuture<Long> visible(CompletableFuture<Long> write) {
        return write.thenCompose(this::visible);
    }

    /** Completes once this instance's cache shows every change up to {@code revision} (bounded by the staleness limit). */
    CompletableFuture<Long> visible(long revision) {
        if (cache.stalenessMillis() > maxStalenessMillis) {
            return CompletableFuture.completedFuture(revision);
        }
        return cache.whenRevision(revision)
                .completeOnTimeout(null, maxStalenessMillis, TimeUnit.MILLISECONDS)
                .thenApply(reached -> revision);
    }

    private static long deleted(DeleteResult result, NamePath name) {
        if (result.deleted() == 0) {
            throw ApiException.notFound("name '" + name + "' is not bound");
        }
        return result.revision();
    }

    private static Compare condition(String key, long ifRevision) {
        if (ifRevision < 0) {
            throw ApiException.badRequest("ifRevision must not be negative (0: only if the name is free)");
        }
        return ifRevision == 0 ? Compare.absent(key) : Compare.modRevision(key, Compare.Result.EQUAL, ifRevision);
    }

    private static TxnResult succeeded(TxnResult result, NamePath name, long expected) {
        if (result.succeeded()) {
            return result;
        }
        RangePage current = (RangePage) result.results().get(0);
        long actual = current.kvs().isEmpty() ? 0 : current.kvs().get(0).modRevision();
        String detail = actual == 0
                ? "name '" + name + "' is not bound (expected revision " + expected + ")"
                : expected == 0
                ? "name '" + name + "' is already bound, at revision " + actual
                : "name '" + name + "' is at revision " + actual + ", not " + expected;
        throw new ApiException(ProblemType.CONDITION_FAILED, detail, Map.of("revision", actual));
    }
}
