package io.coterie.telemetry.service.query;

import io.coterie.service.ApiException;
import java.time.Duration;
import java.time.Instant;

/**
 * The width of an aggregated series' buckets. Buckets start at multiples of the step since the
 * epoch, so each is a whole number of rollup rows: whole seconds, and whole minutes from a minute
 * up (those are read from the per-minute rollup).
 */
record Step(Duration width) {

    static Step parse(String text) {
        Duration width = TimeParams.duration("step", text);
        if (width.compareTo(QueryLimits.MIN_STEP) < 0 || width.getNano() != 0) {
            throw ApiException.badRequest("step must be a whole number of seconds, at least 1s; not '" + text + "'");
        }
        if (width.compareTo(QueryLimits.MINUTE) >= 0 && width.getSeconds() % 60 != 0) {
            throw ApiException.badRequest("a step of a minute or more must be whole minutes (the per-minute rollup answers it); "
                    + "not '" + text + "'");
        }
        return new Step(width);
    }

    boolean usesMinuteRollup() {
        return width.compareTo(QueryLimits.MINUTE) >= 0;
    }

    /** The start of the bucket that holds {@code instant}. */
    Instant bucketOf(Instant instant) {
        long seconds = width.getSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), seconds) * seconds);
    }

    /** The range widened back to a bucket start, refused if it would take more buckets than one answer holds. */
    SeriesRange align(SeriesRange range) {
        SeriesRange aligned = new SeriesRange(bucketOf(range.from()), range.to());
        long seconds = width.getSeconds();
        long buckets = (aligned.length().getSeconds() + seconds - 1) / seconds;
        if (buckets > QueryLimits.MAX_BUCKETS) {
            long smallest = (aligned.length().getSeconds() + QueryLimits.MAX_BUCKETS - 1) / QueryLimits.MAX_BUCKETS;
            throw ApiException.badRequest("an answer holds at most " + QueryLimits.MAX_BUCKETS + " buckets; this range at step "
                    + width + " needs " + buckets + " (use a step of at least " + smallest + "s, in whole minutes from 1m)");
        }
        return aligned;
    }

    /** For {@code date_bin}. */
    String interval() {
        return width.getSeconds() + " seconds";
    }
}
