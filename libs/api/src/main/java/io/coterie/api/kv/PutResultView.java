package io.coterie.api.kv;

/** The revision a write created. */
public record PutResultView(String key, long revision) {
}
