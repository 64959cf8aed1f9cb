package io.coterie.cli.bench;

import io.coterie.cli.bench.LoadRunner.Measured;
import io.coterie.cli.core.TextTable;

/**
 * What {@code bench id} measured: {@code ops} requests of {@code count} IDs each. {@code opsPerSecond}
 * counts successful requests, {@code idsPerSecond} the IDs they handed out; latencies as in {@link BenchResult}.
 */
public record BenchIdResult(String target, int clients, long ops, long count, long errors, double seconds,
                            double opsPerSecond, double idsPerSecond, double meanMs, double p50Ms, double p90Ms,
                            double p99Ms, double p999Ms, double maxMs) {

    static BenchIdResult of(int clients, long requests, long count, Measured measured) {
        Latencies l = Latencies.of(measured.latenciesMicros(), measured.elapsedNanos());
        return new BenchIdResult("coterie", clients, requests, count, measured.errors(), l.seconds(), l.opsPerSecond(),
                l.perSecond(count, measured.elapsedNanos()), l.meanMs(), l.p50Ms(), l.p90Ms(), l.p99Ms(), l.p999Ms(), l.maxMs());
    }

    public String table() {
        return TextTable.fields(
                "target", target, "clients", clients, "ops", ops, "count", count, "errors", errors, "seconds", seconds,
                "opsPerSecond", opsPerSecond, "idsPerSecond", idsPerSecond, "meanMs", meanMs, "p50Ms", p50Ms,
                "p90Ms", p90Ms, "p99Ms", p99Ms, "p999Ms", p999Ms, "maxMs", maxMs);
    }
}
