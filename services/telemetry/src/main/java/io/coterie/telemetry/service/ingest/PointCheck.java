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
 * the future is a broken clock, and PostgreSQL cannot hold U+0000 in text: each would otherwise
 * fail or pollute the store, so it is dead-lettered with the reason instead.
 */
public final class PointCheck {

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
        for (Map.Entry<String, String> label : point.labels().entrySet()) {
            if (label.getValue().indexOf('\u0000') >= 0) {
                throw new InvalidPointException("label \"" + label.getKey() + "\" contains U+0000, which PostgreSQL cannot store");
            }
        }
        return point;
    }
}
