package io.coterie.telemetry.client;

import java.util.Map;

/** One reading to record with {@link TelemetryClient#recordAll}: whose ({@code source}), what ({@code metric}), how much. */
public record Measurement(String source, String metric, double value, Map<String, String> labels) {

    public Measurement(String source, String metric, double value) {
        this(source, metric, value, Map.of());
    }
}
