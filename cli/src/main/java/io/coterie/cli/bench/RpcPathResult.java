package io.coterie.cli.bench;

import io.coterie.cli.bench.LoadRunner.Measured;

/**
 * What one path measured over all its rounds: latencies of the calls that ran, in milliseconds with
 * microsecond precision; {@code opsPerSecond} counts those calls only; {@code ops} counts every call made.
 */
record RpcPathResult(String path, long ops, long errors, double seconds, double opsPerSecond, double meanMs, double p50Ms,
                     double p90Ms, double p99Ms, double p999Ms, double maxMs) {

    static RpcPathResult of(RpcPath path, Measured measured) {
        Latencies l = Latencies.of(measured.latenciesMicros(), measured.elapsedNanos());
        return new RpcPathResult(path.name(), l.succeeded() + measured.errors(), measured.errors(), l.seconds(), l.opsPerSecond(),
                l.meanMs(), l.p50Ms(), l.p90Ms(), l.p99Ms(), l.p999Ms(), l.maxMs());
    }

    /** How {@code this} path fares against {@code baseline}, measured in the same run. */
    RpcOverhead over(RpcPathResult baseline) {
        return new RpcOverhead(baseline.opsPerSecond > 0 ? Latencies.round(opsPerSecond / baseline.opsPerSecond, 3) : 0,
                Latencies.round(meanMs - baseline.meanMs, 3), Latencies.round(p50Ms - baseline.p50Ms, 3),
                Latencies.round(p90Ms - baseline.p90Ms, 3), Latencies.round(p99Ms - baseline.p99Ms, 3));
    }

    /**
     * One path against another.
     *
     * @param throughputRatio this path's calls per second over the baseline's
     * @param addedMeanMs     this path's mean latency minus the baseline's (negative: faster)
     */
    record RpcOverhead(double throughputRatio, double addedMeanMs, double addedP50Ms, double addedP90Ms, double addedP99Ms) {
    }
}
