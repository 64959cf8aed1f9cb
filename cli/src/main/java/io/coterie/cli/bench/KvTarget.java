package io.coterie.cli.bench;

/** How one key-value operation looks on the wire of the system under test. */
public interface KvTarget {

    String name();

    WireRequest put(String key, byte[] value);

    WireRequest get(String key, boolean stale);
}
