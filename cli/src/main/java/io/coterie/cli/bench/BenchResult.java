package io.coterie.cli.bench;

import io.coterie.cli.bench.LoadRunner.Measured;
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
        return of(target, shape.mode().name(), shape.clients(), shape.ops(), shape.valueSize(), shape.keys(),
                new Measured(latenciesMicros, errors, elapsedNanos));
    }

    public static BenchResult of(String target, String mode, int clients, long ops, int valueSize, long keys, Measured measured) {
        Latencies l = Latencies.of(measured.latenciesMicros(), measured.elapsedNanos());
        return new BenchResult(target, mode, clients, ops, valueSize, keys, measured.errors(), l.seconds(), l.opsPerSecond(),
                l.meanMs(), l.p50Ms(), l.p90Ms(), l.p99Ms(), l.p999Ms(), l.maxMs());
    }

    public String table() {
        return TextTable.fields(
                "target", target, "mode", mode, "clients", clients, "ops", ops, "valueSize", valueSize + " B",
                "keys", keys, "errors", errors, "seconds", seconds, "opsPerSecond", opsPerSecond,
                "meanMs", meanMs, "p50Ms", p50Ms, "p90Ms", p90Ms, "p99Ms", p99Ms, "p999Ms", p999Ms, "maxMs", maxMs);
    }
}
