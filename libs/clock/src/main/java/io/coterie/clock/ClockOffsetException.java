package io.coterie.clock;

/** A remote timestamp too far ahead of the local wall clock to be trusted. */
public final class ClockOffsetException extends RuntimeException {

    public ClockOffsetException(HlcTimestamp remote, long localMillis, long maxOffsetMillis) {
        super("remote timestamp " + remote + " is " + (remote.wallMillis() - localMillis)
                + " ms ahead of the local clock; at most " + maxOffsetMillis + " ms is allowed");
    }
}
