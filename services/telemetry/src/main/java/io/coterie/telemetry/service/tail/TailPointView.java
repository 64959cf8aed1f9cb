package io.coterie.telemetry.service.tail;

import io.coterie.telemetry.client.TelemetryPoint;
import java.time.Instant;
import java.util.Map;

/** One {@code point} event of a tail. */
record TailPointView(Instant t, String source, String metric, double value, String producer, long seq,
                     Map<String, String> labels) {

    static TailPointView of(TelemetryPoint point) {
        return new TailPointView(Instant.ofEpochMilli(point.wallMillis()), point.source(), point.metric(), point.value(),
                point.producer(), point.sequence(), point.labels());
    }
}
