package io.coterie.cli.bench;

/** One load-generator client: runs operations one at a time; each returns null when it worked, else what went wrong. */
interface Session extends AutoCloseable {

    String put(String key, byte[] value);

    String get(String key, boolean stale);

    @Override
    void close();
}
