package io.coterie.consensus.client;

/** The store as one peer sees it; {@code hash} (hex SHA-256 of the state) only when asked for. */
public record StoreStatus(String peer, long revision, long compactRevision, long appliedIndex, long keyCount,
                          long leaseCount, String hash) {
}
