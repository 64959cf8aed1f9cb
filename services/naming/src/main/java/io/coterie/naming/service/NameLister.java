package io.coterie.naming.service;

import io.coterie.consensus.client.ConsensusClient;
import io.coterie.consensus.client.Consistency;
import io.coterie.consensus.client.KeyValue;
import io.coterie.consensus.client.RangePage;
import io.coterie.naming.Binding;
import io.coterie.naming.EntryJson;
import io.coterie.naming.NamePrefix;
import io.coterie.api.kv.KvLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pages of entries under a prefix, read through the store (linearizable), in name order. With
 * {@code children}, only names one segment below the prefix: the store has no notion of depth,
 * so whole subtrees below a child are skipped by continuing after them.
 */
@Component
class NameLister {

    /** Sorts after every character a name may hold, so {@code names/a/} + this is past all of {@code /a/...}. */
    private static final String PAST_SUBTREE = "~";

    private final ConsensusClient store;

    NameLister(ConsensusClient store) {
        this.store = store;
    }

    record Page(List<ObjectNode> items, boolean more, String next, long revision) {
    }

    /** {@code after}: a store key (under the prefix) to continue after, or "" from the start. */
    CompletableFuture<Page> page(NamePrefix prefix, boolean children, String after, int limit) {
        return collect(new Scan(prefix, children, limit, after));
    }

    private CompletableFuture<Page> collect(Scan scan) {
        return store.list(scan.prefix.storeKeyPrefix(), scan.cursor, KvLimits.MAX_PAGE_SIZE, false, Consistency.LINEARIZABLE)
                .thenCompose(page -> {
                    scan.revision = page.revision();
                    for (KeyValue kv : page.kvs()) {
                        if (!scan.accept(kv)) {
                            return CompletableFuture.completedFuture(scan.page(true));
                        }
                    }
                    if (!page.more()) {
                        return CompletableFuture.completedFuture(scan.page(false));
                    }
                    scan.advancePast(page);
                    return collect(scan);
                });
    }

    private static final class Scan {
        final NamePrefix prefix;
        final boolean children;
        final int limit;
        final List<Binding> items = new ArrayList<>();
        String cursor;
        String skipping;
        long revision;

        Scan(NamePrefix prefix, boolean children, int limit, String after) {
            this.prefix = prefix;
            this.children = children;
            this.limit = limit;
            this.cursor = after;
        }

        /** Takes one key; false when the page is full and this key proves there is more. */
        boolean accept(KeyValue kv) {
            String key = kv.key();
            if (skipping != null && key.startsWith(skipping)) {
                return true;
            }
            int slash = key.indexOf('/', prefix.storeKeyPrefix().length());
            if (children && slash >= 0) {
                skipping = key.substring(0, slash + 1);
                return true;
            }
            if (items.size() == limit) {
                return false;
            }
            Binding.readable(kv).ifPresent(items::add);
            return true;
        }

        void advancePast(RangePage page) {
            String last = page.lastKey();
            cursor = skipping != null && last.startsWith(skipping) ? skipping + PAST_SUBTREE : last;
        }

        Page page(boolean more) {
            List<ObjectNode> views = items.stream().map(EntryJson::toJson).toList();
            String next = more && !items.isEmpty() ? items.get(items.size() - 1).path().toString() : null;
            return new Page(views, more, next, revision);
        }
    }
}
