package io.coterie.cli.bench;

import io.coterie.cli.bench.LoadRunner.Measured;
import io.coterie.cli.core.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "id", mixinStandardHelpOptions = true,
        description = "Drives POST /v1/ids?count=K and reports requests and IDs per second and latency.",
        footer = {"", "Errors (non-2xx answers, I/O failures) are counted, not fatal; the run exits 1 only when every request fails."})
public final class BenchId extends BenchVerb {

    @Option(names = "--clients", paramLabel = "C", defaultValue = "8",
            description = "Concurrent clients, each a thread with one request in flight (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = {"--requests", "--ops"}, paramLabel = "N", defaultValue = "10000",
            description = "Measured requests in total (default ${DEFAULT-VALUE}).")
    long requests;

    @Option(names = "--count", paramLabel = "K", defaultValue = "1", description = "IDs per request (default ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--warmup", paramLabel = "N", description = "Unmeasured requests first (default: a tenth of --requests, at most 1000).")
    Long warmup;

    @Override
    protected void run() throws InterruptedException {
        if (clients < 1 || requests < 1 || count < 1 || (warmup != null && warmup < 0)) {
            throw new UsageException("--clients, --requests and --count must be at least 1; --warmup at least 0");
        }
        WireRequest request = new CoterieRequests(global().token()).ids(count);
        LoadRunner<HttpSession> runner = new LoadRunner<>(this::httpSession, clients);
        Measured measured = warmUpAndMeasure(runner, defaultWarmup(warmup, requests), requests, (session, i) -> session.send(request));
        BenchIdResult result = BenchIdResult.of(clients, requests, count, measured);
        report(result, result::table, requests, result.errors(), runner.firstError());
    }
}
