package io.coterie.telemetry.service.query;

import io.coterie.service.ApiException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations and instants from query parameters; a malformed one is a 400 that says what is expected. */
final class TimeParams {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    private TimeParams() {
    }

    /** ISO-8601 ({@code PT10M}, {@code P1D}) or a whole number with a unit ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 7d}); positive. */
    static Duration duration(String name, String text) {
        Duration duration = parseDuration(name, text.trim());
        if (duration.isNegative() || duration.isZero()) {
            throw ApiException.badRequest(name + " must be a positive duration, not '" + text + "'");
        }
        return duration;
    }

    private static Duration parseDuration(String name, String text) {
        Matcher shortForm = SHORT.matcher(text);
        if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            return switch (shortForm.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Duration.parse(text);
            } catch (DateTimeException | ArithmeticException e) {
                // the same answer as any other malformed duration, below
            }
        }
        throw ApiException.badRequest(name + " must be a duration: ISO-8601 such as PT10M, or a whole number with a unit "
                + "ms, s, m, h or d such as 10m; not '" + text + "'");
    }

    /** ISO-8601 with a zone or offset: {@code 2025-01-31T12:00:00Z}, {@code 2025-01-31T13:00:00+01:00}. */
    static Instant instant(String name, String text) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeException e) {
            try {
                return OffsetDateTime.parse(text.trim()).toInstant();
            } catch (DateTimeException again) {
                throw ApiException.badRequest(name + " must be an ISO-8601 instant such as 2025-01-31T12:00:00Z "
                        + "(a '+' offset must be sent as %2B); not '" + text + "'");
            }
        }
    }
}
