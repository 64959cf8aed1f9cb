package io.coterie.api.kv;

/** The documented limits of the key-value store; every layer enforces the same numbers. */
public final class KvLimits {
    /** Longest key, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;
    /** Largest value, in bytes. */
    public static final int MAX_VALUE_BYTES = 1024 * 1024;
    /** Most operations in one branch of a transaction, and most compare clauses. */
    public static final int MAX_TXN_OPS = 128;
    /** Largest encoded command (a transaction with all its values). */
    public static final int MAX_COMMAND_BYTES = 2 * 1024 * 1024;
    /** Most commands a client packs into one log entry, and their largest total size. */
    public static final int MAX_BATCH_COMMANDS = 1000;
    public static final int MAX_BATCH_BYTES = 3 * 1024 * 1024;
    /** Page size of a range read when the caller names none. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** Largest page a range read returns. */
    public static final int MAX_PAGE_SIZE = 1000;
    /** Shortest and longest lease time-to-live. */
    public static final long MIN_LEASE_TTL_SECONDS = 1;
    public static final long MAX_LEASE_TTL_SECONDS = 7 * 24 * 3600;
    /** Most events in one watch reply (events of one revision are never split, so it may hold more). */
    public static final int MAX_WATCH_EVENTS = 1000;
    /**
     * A range page or a watch reply stops early once it holds this many bytes (keys, values and
     * their metadata) and says that more follows; it always holds at least one key or one whole
     * revision. So that a page of large values always fits in one message.
     */
    public static final int MAX_READ_REPLY_BYTES = 4 * 1024 * 1024;
    /**
     * Reads that share one ReadIndex round answer in one message; past this many bytes, the rest
     * of the batch is answered "ask again on your own" and the client resends those reads alone.
     */
    public static final int MAX_BATCH_REPLY_BYTES = 16 * 1024 * 1024;

    private KvLimits() {
    }
}
