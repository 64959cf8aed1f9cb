package io.coterie.ids;

import io.coterie.auth.StoreKeys;
import io.coterie.consensus.client.Compare;
import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.StoreCalls;
import io.coterie.consensus.client.KeyValue;
import io.coterie.consensus.client.Op;
import io.coterie.consensus.client.Txn;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The ID counter in the store ({@link StoreKeys#NEXT_ID}, decimal text), versioned by its mod
 * revision. A write that timed out may still apply later; the next read then sees it, and the range
 * it leased is skipped, never handed out twice.
 */
public final class StoreIdCounter implements IdCounter {

    private final ConsensusClient store;
    private final Duration timeout;

    public StoreIdCounter(ConsensusClient store, Duration timeout) {
        this.store = store;
        this.timeout = timeout;
    }

    @Override
    public Optional<Value> read() {
        return await(store.get(StoreKeys.NEXT_ID)).map(StoreIdCounter::value);
    }

    @Override
    public boolean compareAndSet(long expectedVersion, long next) {
        Compare unchanged = expectedVersion == 0
                ? Compare.absent(StoreKeys.NEXT_ID)
                : Compare.modRevision(StoreKeys.NEXT_ID, Compare.Result.EQUAL, expectedVersion);
        return await(store.txn(Txn.builder()
                .when(unchanged)
                .then(Op.put(StoreKeys.NEXT_ID, Long.toString(next).getBytes(StandardCharsets.UTF_8)))
                .build())).succeeded();
    }

    private static Value value(KeyValue kv) {
        try {
            return new Value(Long.parseLong(kv.valueAsString().trim()), kv.modRevision());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(StoreKeys.NEXT_ID + " holds '" + kv.valueAsString() + "', not a number");
        }
    }

    private <T> T await(CompletableFuture<T> future) {
        return StoreCalls.await(future, timeout);
    }
}
