package io.coterie.scheduler.service.reconcile;

import io.coterie.api.kv.KvLimits;
import io.coterie.consensus.client.Compare;
import io.coterie.consensus.client.Op;
import io.coterie.consensus.client.Txn;
import io.coterie.consensus.client.TxnResult;
import io.coterie.scheduler.service.store.BlockingStore;
import io.coterie.scheduler.service.store.SchedulerKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * Every write of the leader: one transaction that also requires the leader key's create revision
 * to be the writer's fencing token, so a deposed leader's writes fail rather than land.
 */
final class FencedWrites {

    /** Room for the fencing compare and the ledger stamp in any transaction. */
    static final int MAX_OPS = KvLimits.MAX_TXN_OPS - 2;

    private final BlockingStore store;

    FencedWrites(BlockingStore store) {
        this.store = store;
    }

    /** The revision the transaction committed at; throws {@link StaleViewException} if a compare failed. */
    long commit(long token, List<Compare> when, List<Op> then, String what) {
        if (then.size() > KvLimits.MAX_TXN_OPS || when.size() + 1 > KvLimits.MAX_TXN_OPS) {
            throw new IllegalStateException(what + ": " + then.size() + " operations do not fit one transaction");
        }
        List<Compare> fenced = new ArrayList<>(when.size() + 1);
        fenced.add(Compare.createRevision(SchedulerKeys.LEADER, Compare.Result.EQUAL, token));
        fenced.addAll(when);
        TxnResult result = store.txn(new Txn(List.copyOf(fenced), List.copyOf(then), List.of()));
        if (!result.succeeded()) {
            throw new StaleViewException(what + ": the store changed since it was read, or this instance no longer leads");
        }
        return result.revision();
    }
}
