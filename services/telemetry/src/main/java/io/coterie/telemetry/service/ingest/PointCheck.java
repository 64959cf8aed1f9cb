package io.coterie.telemetry.service.ingest;

import io.coterie.telemetry.client.InvalidPointException;
import io.coterie.telemetry.client.TelemetryPoint;
import io.coterie.telemetry.client.TelemetryWire;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Decides whether a record can be stored: the wire format's rules, then what this service adds.
 * A point older than the retention would be dropped at once (or land in no partition), one far in
 * the future is a broken clock, PostgreSQL cannot hold U+0000 or a lone surrogate in text, and a
 * value near the largest double would overflow a rollup's sum, which PostgreSQL refuses with an
 * error. Each would otherwise fail its batch again on every retry (and ingest would never move
 * past it) or pollute the store, so it is dead-lettered with the reason instead.
 */
public final class PointCheck {

    /** With values at most this large, a rollup sum would need 10^108 points to overflow. */
    public static final double MAX_MAGNITUDE = 1e200;

    private final Duration retention;
    private final Duration maxFutureSkew;

    public PointCheck(Duration retention, Duration maxFutureSkew) {
        this.retention = retention;
        this.maxFutureSkew = maxFutureSkew;
    }

    /** The point a record value holds, or {@link InvalidPointException} naming the rule it breaks. */
    public TelemetryPoint check(byte[] value, Instant now) {
        TelemetryPoint point = TelemetryWire.decode(value);
        long oldest = now.minus(retention).toEpochMilli();
        if (point.wallMillis() < oldest) {
            throw new InvalidPointException("field \"ts\" is " + Instant.ofEpochMilli(point.wallMillis())
                    + ", older than the retention of " + retention + " (nothing before " + Instant.ofEpochMilli(oldest) + " is kept)");
        }
        long latest = now.plus(maxFutureSkew).toEpochMilli();
        if (point.wallMillis() > latest) {
            throw new InvalidPointException("field \"ts\" is " + Instant.ofEpochMilli(point.wallMillis())
                    + ", more than " + maxFutureSkew + " ahead of the service's clock (" + now + ")");
        }
        if (Math.abs(point.value()) > MAX_MAGNITUDE) {
            throw new InvalidPointException("field \"value\" is " + point.value() + "; at most " + MAX_MAGNITUDE
                    + " in magnitude, so that rollup sums stay finite");
        }
        for (Map.Entry<String, String> label : point.labels().entrySet()) {
            String text = label.getValue();
            if (text.indexOf('\u0000') >= 0) {
                throw new InvalidPointException("label \"" + label.getKey() + "\" contains U+0000, which PostgreSQL cannot store");
            }
            if (!wellFormed(text)) {
                throw new InvalidPointException("label \"" + label.getKey() + "\" holds a lone surrogate (\\uD800 to \\uDFFF "
                        + "outside a pair), which is no character");
            }
        }
        return point;
    }

    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
