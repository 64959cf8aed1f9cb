package io.coterie.consensus.client;

/** One operation of a transaction branch. */
public sealed interface Op {

    record Put(String key, byte[] value, long lease, boolean prevKv) implements Op {
    }

    record Delete(String key, boolean prefix, boolean prevKv) implements Op {
    }

    record Get(String key, boolean prefix, int limit) implements Op {
    }

    static Op put(String key, byte[] value) {
        return new Put(key, value, 0, false);
    }

    static Op put(String key, byte[] value, long lease) {
        return new Put(key, value, lease, false);
    }

    static Op delete(String key) {
        return new Delete(key, false, false);
    }

    static Op deletePrefix(String prefix) {
        return new Delete(prefix, true, false);
    }

    static Op get(String key) {
        return new Get(key, false, 0);
    }

    static Op getPrefix(String prefix, int limit) {
        return new Get(prefix, true, limit);
    }
}
