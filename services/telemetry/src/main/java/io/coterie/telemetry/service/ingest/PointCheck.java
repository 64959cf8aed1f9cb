package io.coterie.telemetry.service.ingest;

import io.coterie.telemetry.client.InvalidPointException;
import io.coterie.telemetry.client.TelemetryPoint;
import io.coterie.telemetry.client.TelemetryWire;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides whether a record can be stored: the wire format's rules (which already keep out what
 * PostgreSQL cannot hold: U+0000 or lone surrogates in text, values whose sums would overflow),
 * then the time window this service keeps. A point older than the retention would be dropped at
 * once (or land in no partition), one far in the future is a broken clock; either would pollute
 * the store, so it is dead-lettered with the reason instead.
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
        return point;
    }
}
