package io.coterie.telemetry.service.query;

import io.coterie.service.ApiException;
import java.time.Duration;
import java.time.Instant;

/** The time range a series call reads, {@code from} inclusive, {@code to} exclusive. */
record SeriesRange(Instant from, Instant to) {

    /** From {@code since} (back from now) or from {@code from}/{@code to}; the last hour when none is given. */
    static SeriesRange of(String since, String from, String to, Instant now) {
        if (since != null && (from != null || to != null)) {
            throw ApiException.badRequest("give either since (a duration back from now) or from/to (instants), not both");
        }
        if (since == null && from == null) {
            if (to != null) {
                throw ApiException.badRequest("to needs from: give from (and optionally to), or since");
            }
            return checked(now.minus(QueryLimits.DEFAULT_SINCE), now);
        }
        if (since != null) {
            Duration back = TimeParams.duration("since", since);
            if (back.compareTo(QueryLimits.MAX_RANGE) > 0) {
                throw tooLong();
            }
            return checked(now.minus(back), now);
        }
        Instant start = TimeParams.instant("from", from);
        Instant end = to == null ? now : TimeParams.instant("to", to);
        return checked(start, end);
    }

    private static SeriesRange checked(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("from (" + from + ") must lie before to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(QueryLimits.MAX_RANGE) > 0) {
            throw tooLong();
        }
        return new SeriesRange(from, to);
    }

    private static ApiException tooLong() {
        return ApiException.badRequest("a range spans at most " + QueryLimits.MAX_RANGE.toDays() + " days");
    }

    Duration length() {
        return Duration.between(from, to);
    }
}
