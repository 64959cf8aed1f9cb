package io.coterie.consensus.client;

/** One change to one key. For a DELETE, {@code kv} carries only the key and the revision. */
public record WatchEvent(Type type, KeyValue kv) {

    public enum Type { PUT, DELETE }

    public long revision() {
        return kv.modRevision();
    }
}
