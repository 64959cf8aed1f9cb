package io.coterie.telemetry.client;

import java.util.Map;

/**
 * One reading as it travels on topic {@value TelemetryWire#TOPIC}: who produced it and in what
 * order ({@code producer}, {@code sequence}: together they identify the point, so a replay is
 * recognised), when (a hybrid logical timestamp: {@code wallMillis} and {@code logical}), and what
 * ({@code source}, {@code metric}, {@code value}, {@code labels}). See docs/telemetry.md.
 */
public record TelemetryPoint(String producer, long sequence, long wallMillis, int logical,
                             String source, String metric, double value, Map<String, String> labels) {

    public TelemetryPoint {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
