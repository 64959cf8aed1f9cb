package io.coterie.consensus.client;

import java.util.List;

/**
 * One page of keys in key order. When {@code more} is true, ask again with the last key as the
 * cursor. {@code revision} is the store revision the page reflects.
 */
public record RangePage(List<KeyValue> kvs, boolean more, long count, long revision) implements OpResult {

    public String lastKey() {
        return kvs.isEmpty() ? "" : kvs.get(kvs.size() - 1).key();
    }
}
