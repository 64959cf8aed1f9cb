package io.coterie.api.kv;

/** The store as one peer sees it; {@code hash} is a hex SHA-256 of the whole replicated state, when asked for. */
public record StoreStatusView(String peer, long revision, long compactRevision, long appliedIndex, long keyCount,
                              long leaseCount, String hash) {
}
