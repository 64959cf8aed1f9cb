package io.coterie.robot;

import java.util.function.LongSupplier;

/**
 * The simulated robot: it moves along a line at its speed. The position is integrated whenever it
 * is read or the speed changes (position += speed · elapsed seconds), so it is exact at every read
 * whatever the telemetry interval. Thread-safe.
 */
public final class Robot {

    private final LongSupplier nanos;
    private long speed;
    private double position;
    private long settledAt;

    public Robot(LongSupplier nanos) {
        this.nanos = nanos;
        this.settledAt = nanos.getAsLong();
    }

    public synchronized long speed() {
        return speed;
    }

    public synchronized double position() {
        settle();
        return position;
    }

    /** Speeds up by {@code by} and answers the new speed. */
    public synchronized long increaseSpeed(long by) {
        settle();
        speed += by;
        return speed;
    }

    /** Speed and position read at the same instant. */
    public synchronized Reading read() {
        settle();
        return new Reading(speed, position);
    }

    public record Reading(long speed, double position) {
    }

    private void settle() {
        long now = nanos.getAsLong();
        position += speed * ((now - settledAt) / 1e9);
        settledAt = now;
    }
}
