package io.coterie.cgroups;

import java.time.Duration;

/**
 * Size-based rotation of a workload's stdout and stderr: the live file plus up to
 * {@code keepRotated} older ones ({@code stdout.log.1} newest), each rotated when it reaches
 * {@code maxBytes}. Sizes are checked every {@code checkEvery}, so a file can overshoot by what the
 * workload writes in one interval.
 */
public record LogRotation(long maxBytes, int keepRotated, Duration checkEvery) {

    public static final LogRotation DEFAULT = new LogRotation(10L * 1024 * 1024, 5, Duration.ofSeconds(1));

    public LogRotation {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        if (keepRotated < 0) {
            throw new IllegalArgumentException("keepRotated must not be negative: " + keepRotated);
        }
        if (checkEvery.isNegative() || checkEvery.isZero()) {
            throw new IllegalArgumentException("checkEvery must be positive: " + checkEvery);
        }
    }
}
