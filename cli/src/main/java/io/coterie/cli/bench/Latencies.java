package io.coterie.cli.bench;

import org.HdrHistogram.Histogram;

/**
 * Throughput and latency of a measured phase: milliseconds with microsecond precision, of the
 * operations that worked; {@code opsPerSecond} counts those operations only.
 */
record Latencies(long succeeded, double seconds, double opsPerSecond, double meanMs, double p50Ms, double p90Ms,
                 double p99Ms, double p999Ms, double maxMs) {

    static Latencies of(Histogram micros, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        long succeeded = micros.getTotalCount();
        boolean none = succeeded == 0;
        return new Latencies(succeeded, round(seconds, 3), seconds > 0 ? round(succeeded / seconds, 1) : 0,
                none ? 0 : millis(micros.getMean()),
                none ? 0 : millis(micros.getValueAtPercentile(50)),
                none ? 0 : millis(micros.getValueAtPercentile(90)),
                none ? 0 : millis(micros.getValueAtPercentile(99)),
                none ? 0 : millis(micros.getValueAtPercentile(99.9)),
                none ? 0 : millis(micros.getMaxValue()));
    }

    /** {@code perOp} units of work per successful operation, per second of the phase. */
    double perSecond(long perOp, long elapsedNanos) {
        return elapsedNanos > 0 ? round(succeeded * (double) perOp / (elapsedNanos / 1e9), 1) : 0;
    }

    private static double millis(double micros) {
        return round(micros / 1000.0, 3);
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
