package io.coterie.cli.telemetry;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** How telemetry reads in text form. */
final class TelemetryLines {

    private TelemetryLines() {
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    static String labels(JsonNode labels) {
        if (labels == null || !labels.isObject() || labels.isEmpty()) {
            return "-";
        }
        List<String> pairs = new ArrayList<>();
        labels.properties().forEach(e -> pairs.add(e.getKey() + "=" + e.getValue().asString()));
        return String.join(",", pairs);
    }

    /** One point of a tail: {@code TIME SOURCE METRIC VALUE LABELS}. */
    static String point(JsonNode point) {
        return point.path("t").asString() + " " + point.path("source").asString() + " " + point.path("metric").asString()
                + " " + number(point.path("value").asDouble()) + " " + labels(point.path("labels"));
    }
}
