package io.coterie.consensus.core;

/**
 * How much of the event history the leader keeps for watches before it proposes a compaction:
 * at most {@code maxEvents} events and {@code maxBytes} bytes. When it compacts, it keeps half.
 */
public record HistoryRetention(int maxEvents, long maxBytes) {

    public static final HistoryRetention DEFAULT = new HistoryRetention(100_000, 64L * 1024 * 1024);

    public HistoryRetention {
        if (maxEvents < 2 || maxBytes < 2) {
            throw new IllegalArgumentException("history retention must keep at least two events and two bytes");
        }
    }
}
