package io.coterie.telemetry.service.query;

import java.time.Duration;

/** The bounds of one series query (documented in the README, "Limits"). */
final class QueryLimits {

    static final Duration DEFAULT_SINCE = Duration.ofHours(1);
    static final Duration MAX_RANGE = Duration.ofDays(31);
    static final int MAX_BUCKETS = 10_000;
    static final int DEFAULT_LIMIT = 1_000;
    static final int MAX_LIMIT = 10_000;
    static final Duration MIN_STEP = Duration.ofSeconds(1);
    /** From this step up, the per-minute rollup answers; below it, the per-second one. */
    static final Duration MINUTE = Duration.ofMinutes(1);

    private QueryLimits() {
    }
}
