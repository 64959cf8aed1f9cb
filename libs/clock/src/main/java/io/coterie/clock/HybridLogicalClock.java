package io.coterie.clock;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A hybrid logical clock (Kulkarni et al., 2014). Every timestamp it hands out is greater than the
 * one before, whatever the wall clock does (an NTP step backwards only freezes the wall part while
 * the counter advances), and greater than every timestamp it has been told about through
 * {@link #update}, so a reply is always later than the request that caused it. Thread-safe.
 */
public final class HybridLogicalClock {

    private final LongSupplier physicalMillis;
    private final long maxOffsetMillis;
    private long wall;
    private int logical;

    /**
     * @param physicalMillis the wall clock, usually {@code System::currentTimeMillis}
     * @param maxOffset      how far ahead of our wall clock a remote timestamp may be before it is
     *                       refused: a peer with a clock that far off would drag ours with it
     */
    public HybridLogicalClock(LongSupplier physicalMillis, Duration maxOffset) {
        this.physicalMillis = physicalMillis;
        this.maxOffsetMillis = maxOffset.toMillis();
    }

    public static HybridLogicalClock system() {
        return new HybridLogicalClock(System::currentTimeMillis, Duration.ofMinutes(1));
    }

    /** A timestamp for a local event (or a message about to be sent). */
    public synchronized HlcTimestamp now() {
        long physical = physicalMillis.getAsLong();
        if (physical > wall) {
            wall = physical;
            logical = 0;
        } else {
            tick();
        }
        return new HlcTimestamp(wall, logical);
    }

    /**
     * A timestamp for receiving a message stamped {@code remote}: later than both our last
     * timestamp and the message's.
     *
     * @throws ClockOffsetException if {@code remote} is further ahead of our wall clock than the
     *                              allowed offset; the clock is left unchanged
     */
    public synchronized HlcTimestamp update(HlcTimestamp remote) {
        long physical = physicalMillis.getAsLong();
        if (remote.wallMillis() - physical > maxOffsetMillis) {
            throw new ClockOffsetException(remote, physical, maxOffsetMillis);
        }
        long previousWall = wall;
        wall = Math.max(Math.max(previousWall, remote.wallMillis()), physical);
        if (wall == previousWall && wall == remote.wallMillis()) {
            logical = Math.max(logical, remote.logical());
            tick();
        } else if (wall == previousWall) {
            tick();
        } else if (wall == remote.wallMillis()) {
            logical = remote.logical();
            tick();
        } else {
            logical = 0;
        }
        return new HlcTimestamp(wall, logical);
    }

    /** The counter is full: borrow the next millisecond rather than overflow. */
    private void tick() {
        if (logical == HlcTimestamp.MAX_LOGICAL) {
            wall++;
            logical = 0;
        } else {
            logical++;
        }
    }
}
