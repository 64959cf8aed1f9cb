package io.coterie.clock;

/**
 * A hybrid logical timestamp: wall-clock milliseconds since the epoch plus a logical counter that
 * orders events within one millisecond (and keeps time moving forward when the wall clock does
 * not). Ordered by wall time, then counter.
 */
public record HlcTimestamp(long wallMillis, int logical) implements Comparable<HlcTimestamp> {

    /** Counters above this do not fit the packed form; the clock moves to the next millisecond instead. */
    public static final int MAX_LOGICAL = 0xFFFF;
    /** The largest wall time the packed form holds (year 10889). */
    public static final long MAX_WALL_MILLIS = (1L << 47) - 1;

    public HlcTimestamp {
        if (wallMillis < 0 || wallMillis > MAX_WALL_MILLIS) {
            throw new IllegalArgumentException("wall time out of range: " + wallMillis);
        }
        if (logical < 0 || logical > MAX_LOGICAL) {
            throw new IllegalArgumentException("logical counter out of range: " + logical);
        }
    }

    /** One long that sorts like the timestamp: 48 bits of milliseconds, 16 bits of counter. */
    public long pack() {
        return (wallMillis << 16) | logical;
    }

    public static HlcTimestamp unpack(long packed) {
        return new HlcTimestamp(packed >>> 16, (int) (packed & MAX_LOGICAL));
    }

    @Override
    public int compareTo(HlcTimestamp other) {
        int byWall = Long.compare(wallMillis, other.wallMillis);
        return byWall != 0 ? byWall : Integer.compare(logical, other.logical);
    }

    @Override
    public String toString() {
        return wallMillis + "." + logical;
    }
}
