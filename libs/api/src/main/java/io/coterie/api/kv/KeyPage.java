package io.coterie.api.kv;

import java.util.List;

/**
 * One page of a listing, in key order. When {@code more} is true, ask again with {@code
 * after=next}. Pages are read one by one, each at its own revision.
 */
public record KeyPage(List<KeyValueView> items, boolean more, String next, long revision) {
}
