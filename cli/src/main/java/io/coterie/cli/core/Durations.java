package io.coterie.cli.core;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the short durations people type: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h30m}; a bare number is seconds. */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");

    private Durations() {
    }

    public static Duration parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase();
        if (s.isEmpty()) {
            throw invalid(text);
        }
        if (BARE_NUMBER.matcher(s).matches()) {
            return toDuration(Double.parseDouble(s), "s");
        }
        Matcher matcher = PART.matcher(s);
        Duration total = Duration.ZERO;
        int position = 0;
        while (position < s.length()) {
            if (!matcher.find(position) || matcher.start() != position) {
                throw invalid(text);
            }
            total = total.plus(toDuration(Double.parseDouble(matcher.group(1)), matcher.group(2)));
            position = matcher.end();
        }
        return total;
    }

    /** The shortest usual spelling: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1m30s}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0 || millis == 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
            seconds %= 3600;
        }
        if (seconds >= 60) {
            text.append(seconds / 60).append('m');
            seconds %= 60;
        }
        if (seconds > 0) {
            text.append(seconds).append('s');
        }
        return text.toString();
    }

    private static Duration toDuration(double amount, String unit) {
        double nanosPerUnit = switch (unit) {
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            case "d" -> 86400e9;
            default -> throw new IllegalArgumentException(unit);
        };
        return Duration.ofNanos(Math.round(amount * nanosPerUnit));
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 500ms, 10s, 2m, 1h)");
    }
}
