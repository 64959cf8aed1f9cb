package io.coterie.cli.bench;

/** A client of the key-value store: runs operations one at a time; each returns null when it worked, else what went wrong. */
interface KvSession extends Session {

    String put(String key, byte[] value);

    String get(String key, boolean stale);
}
