package io.coterie.scheduler.service.store;

import io.coterie.api.kv.KvLimits;
import io.coterie.consensus.client.Consistency;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.KeyValue;
import io.coterie.consensus.client.RangePage;
import io.coterie.consensus.client.StoreCalls;
import io.coterie.consensus.client.Txn;
import io.coterie.consensus.client.TxnResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The store calls the scheduler makes, each waiting a bounded time (a {@link
 * io.coterie.consensus.client.ConsensusException} on failure): the leader's loop and the API both
 * run on threads of their own, where waiting is simpler than chaining futures. Reads are
 * linearizable.
 */
public final class BlockingStore {

    private final ConsensusClient client;
    private final Duration timeout;

    public BlockingStore(ConsensusClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    public ConsensusClient client() {
        return client;
    }

    public Optional<KeyValue> get(String key) {
        return await(client.get(key));
    }

    /** Every key under {@code prefix}, in key order, read page by page (each page is one linearizable read). */
    public List<KeyValue> list(String prefix) {
        return list(prefix, false);
    }

    public List<KeyValue> list(String prefix, boolean keysOnly) {
        List<KeyValue> all = new ArrayList<>();
        String after = "";
        while (true) {
            RangePage page = await(client.list(prefix, after, KvLimits.MAX_PAGE_SIZE, keysOnly, Consistency.LINEARIZABLE));
            all.addAll(page.kvs());
            if (!page.more() || page.kvs().isEmpty()) {
                return all;
            }
            after = page.lastKey();
        }
    }

    public TxnResult txn(Txn txn) {
        return await(client.txn(txn));
    }

    public <T> T await(CompletableFuture<T> call) {
        return StoreCalls.await(call, timeout);
    }
}
