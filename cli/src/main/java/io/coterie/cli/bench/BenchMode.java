package io.coterie.cli.bench;

/** What each measured operation does; lower case because these are the spellings typed after {@code --mode}. */
public enum BenchMode {
    /** Writes a value. */
    write,
    /** Reads through a quorum round (linearizable). */
    read,
    /** Reads from the receiving peer alone. */
    stale
}
