package io.coterie.cli.bench;

import io.coterie.cli.bench.LoadRunner.Measured;
import io.coterie.cli.core.UsageException;
import io.coterie.cli.name.NamePaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "names", mixinStandardHelpOptions = true,
        description = "Binds a few service names, then drives resolves of them (GET /v1/names/..., the cache path) "
                + "and reports throughput and latency.",
        footer = {"", "Errors (non-2xx answers, I/O failures) are counted, not fatal; the run exits 1 only when every resolve fails."})
public final class BenchNames extends BenchVerb {

    @Option(names = "--clients", paramLabel = "C", defaultValue = "8",
            description = "Concurrent clients, each a thread with one request in flight (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--ops", paramLabel = "N", defaultValue = "10000", description = "Measured resolves in total (default ${DEFAULT-VALUE}).")
    long ops;

    @Option(names = "--names", paramLabel = "K", defaultValue = "10", description = "Distinct names bound and resolved (default ${DEFAULT-VALUE}).")
    int names;

    @Option(names = "--warmup", paramLabel = "N", description = "Unmeasured resolves first (default: a tenth of --ops, at most 1000).")
    Long warmup;

    @Option(names = "--name-prefix", paramLabel = "PREFIX", defaultValue = "/bench/names/",
            description = "Where the names are bound: PREFIX0, PREFIX1, ... (default ${DEFAULT-VALUE}).")
    String namePrefix;

    @Override
    protected void run() throws InterruptedException {
        if (clients < 1 || ops < 1 || names < 1 || (warmup != null && warmup < 0)) {
            throw new UsageException("--clients, --ops and --names must be at least 1; --warmup at least 0");
        }
        NamePaths.check(namePrefix + "0");
        CoterieRequests requests = new CoterieRequests(global().token());
        WireRequest[] binds = new WireRequest[names];
        WireRequest[] resolves = new WireRequest[names];
        for (int i = 0; i < names; i++) {
            binds[i] = requests.bindService(namePrefix + i, "127.0.0.1", 8080);
            resolves[i] = requests.resolve(namePrefix + i);
        }
        LoadRunner<HttpSession> runner = new LoadRunner<>(this::httpSession, clients);
        prepare(runner, names, (session, i) -> session.send(binds[(int) i]), names + " names to resolve");
        Measured measured = warmUpAndMeasure(runner, defaultWarmup(warmup, ops), ops,
                (session, i) -> session.send(resolves[(int) (i % names)]));
        BenchResult result = BenchResult.of("coterie", "resolve", clients, ops, 0, names, measured);
        report(result, result::table, ops, result.errors(), runner.firstError());
    }
}
