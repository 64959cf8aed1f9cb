package io.coterie.telemetry.service.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The answers of the series call, as JSON shows them. */
final class SeriesViews {

    private SeriesViews() {
    }

    /** One step of an aggregated series: the bucket's start and the points in it. */
    record Bucket(Instant t, long count, double min, double max, double avg, double sum) {
    }

    record Aggregated(String source, String metric, Instant from, Instant to, String step, List<Bucket> points) {
    }

    record RawPoint(Instant t, double value, String producer, long seq, Map<String, String> labels) {
    }

    /** {@code truncated}: the range holds more points than {@code limit}; these are the oldest. */
    record Raw(String source, String metric, Instant from, Instant to, List<RawPoint> points, boolean truncated) {
    }
}
