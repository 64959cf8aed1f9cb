package io.coterie.api.kv;

/** Grants a lease of {@code ttlSeconds}. */
public record LeaseGrantBody(Long ttlSeconds) {
}
