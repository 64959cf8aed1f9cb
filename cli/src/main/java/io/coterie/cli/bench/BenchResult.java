package io.coterie.cli.bench;

import io.coterie.cli.core.TextTable;
import org.HdrHistogram.Histogram;

/**
 * What a run measured. Latencies are of the successful operations, in milliseconds with
 * microsecond precision; {@code opsPerSecond} counts successful operations only.
 */
public record BenchResult(String target, String mode, int clients, long ops, int valueSize, long keys, long errors,
                          double seconds, double opsPerSecond, double meanMs, double p50Ms, double p90Ms,
                          double p99Ms, double p999Ms, double maxMs) {

    /** {@code latenciesMicros} holds one value per successful operation. */
    public static BenchResult of(String target, LoadShape shape, Histogram latenciesMicros, long errors, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        long succeeded = latenciesMicros.getTotalCount();
        boolean none = succeeded == 0;
        return new BenchResult(target, shape.mode().name(), shape.clients(), shape.ops(), shape.valueSize(), shape.keys(),
                errors, round(seconds, 3), seconds > 0 ? round(succeeded / seconds, 1) : 0,
                none ? 0 : millis(latenciesMicros.getMean()),
                none ? 0 : millis(latenciesMicros.getValueAtPercentile(50)),
                none ? 0 : millis(latenciesMicros.getValueAtPercentile(90)),
                none ? 0 : millis(latenciesMicros.getValueAtPercentile(99)),
                none ? 0 : millis(latenciesMicros.getValueAtPercentile(99.9)),
                none ? 0 : millis(latenciesMicros.getMaxValue()));
    }

    public String table() {
        return TextTable.fields(
                "target", target, "mode", mode, "clients", clients, "ops", ops, "valueSize", valueSize + " B",
                "keys", keys, "errors", errors, "seconds", seconds, "opsPerSecond", opsPerSecond,
                "meanMs", meanMs, "p50Ms", p50Ms, "p90Ms", p90Ms, "p99Ms", p99Ms, "p999Ms", p999Ms, "maxMs", maxMs);
    }

    private static double millis(double micros) {
        return round(micros / 1000.0, 3);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
