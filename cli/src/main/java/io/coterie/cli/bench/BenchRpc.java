package io.coterie.cli.bench;

import io.coterie.cli.bench.LoadRunner.Measured;
import io.coterie.cli.core.CliException;
import io.coterie.cli.core.UsageException;
import io.coterie.cli.rpc.RpcData;
import io.coterie.cli.rpc.RpcTargets;
import io.coterie.rpc.RpcWire;
import io.coterie.rpc.client.RpcClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rpc", mixinStandardHelpOptions = true,
        description = "Calls a workload's method along several paths in one run, back to back with the same load: direct (the "
                + "workload's address), gateway (POST /v1/rpc{NAME}/{METHOD}) and client (the in-process RpcClient, which "
                + "resolves the name and calls the workload itself). Reports throughput and latency of each, and what the "
                + "gateway adds over direct and what the client saves over the gateway.",
        footer = {"",
                "By default the bench serves its own workload in this process (methods echo and counter.increase) under "
                        + "/bench/rpc-RUN, bound through the gateway with the token (needs write and call on /bench/; the dev "
                        + "token is admin), and unbinds it afterwards. --name calls an existing workload instead.",
                "direct and gateway use one kept-alive connection per client thread and byte-for-byte the same request; "
                        + "client shares one RpcClient (the JDK's HTTP client) among the threads, as one process would.",
                "--via picks the path whose figures are the main fields (ops, opsPerSecond, p50Ms, p99Ms, errors, ...); every "
                        + "measured path is under paths, with gatewayOverDirect and clientOverGateway (throughputRatio, "
                        + "added latencies in ms) when both of its paths were measured.",
                "With --idempotency-keys every call has a key of its own: the gateway then writes a record per call to the "
                        + "store (kept for the retention, 24 h by default), so this measures the exactly-once cost.",
                "Errors are counted, not fatal; the run exits 1 only when every call of the --via path fails."})
public final class BenchRpc extends BenchVerb {

    private static final Duration READY_WAIT = Duration.ofSeconds(20);

    @Option(names = "--via", paramLabel = "PATH", defaultValue = "gateway",
            description = "${COMPLETION-CANDIDATES}: the path reported in the main fields (default ${DEFAULT-VALUE}).")
    RpcPath via;

    @Option(names = "--paths", paramLabel = "PATH,...", split = ",", defaultValue = "direct,gateway,client",
            description = "The paths to measure, in this order in each round (default ${DEFAULT-VALUE}); --via's is added when missing.")
    List<RpcPath> paths;

    @Option(names = "--clients", paramLabel = "C", defaultValue = "8",
            description = "Concurrent callers, each a thread with one call in flight (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--ops", paramLabel = "N",
            description = "Measured calls per path and round (default 5000, unless --duration is given).")
    Long ops;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Measure each path for this long per round, instead of --ops.")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Unmeasured calls before each measured phase (default: a tenth of --ops, at most 1000; 1000 with --duration).")
    Long warmup;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "1",
            description = "Times every path is measured, in turn, so slow minutes of a noisy machine fall on every path "
                    + "alike; each path's figures merge its rounds (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "echo", description = "The method called (default ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--data", paramLabel = "JSON", defaultValue = "{\"n\":1}",
            description = "The argument of every call: inline JSON, @FILE or - for stdin (default ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--idempotency-keys", description = "Give every call a fresh idempotency key.")
    boolean idempotencyKeys;

    @Option(names = "--name", paramLabel = "NAME", description = "Call the workload bound under NAME instead of starting one.")
    String name;

    @Override
    protected void run() throws InterruptedException {
        List<RpcPath> order = order();
        long opsPerPhase = opsPerPhase();
        long warmupOps = warmup != null ? warmup : duration != null ? 1000 : defaultWarmup(null, opsPerPhase);
        RpcTargets.workloadPath(method);
        if (name != null) {
            RpcTargets.gatewayPath(name, method);
        } else if (!RpcBenchTarget.METHODS.contains(method)) {
            throw new UsageException("the bench's own workload serves " + String.join(" and ", RpcBenchTarget.METHODS)
                    + "; --name NAME calls another workload's methods");
        }
        byte[] argument = RpcData.parse(data, context()).body();
        String token = global().token().orElseThrow(() -> new CliException(
                "bench rpc needs a token (--token, COTERIE_TOKEN or var/dev/token) to bind and call its workload"));
        Duration budget = budget();
        URI gateway = global().addresses().get(0);
        String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);

        Map<RpcPath, Measured> measured = new EnumMap<>(RpcPath.class);
        Map<RpcPath, String> firstErrors = new EnumMap<>(RpcPath.class);
        RpcBenchTarget target;
        try (RpcBenchTarget workload = name == null ? RpcBenchTarget.start(gateway, token, "/bench/rpc-" + run)
                : RpcBenchTarget.existing(api(), name);
             RpcClient rpcClient = RpcClient.create(gateway, token)) {
            target = workload;
            Callers callers = new Callers(workload, rpcClient, token, budget, argument);
            err().println("coterie: calling " + method + " on " + workload.name() + " (" + (workload.own() ? "served by this process" : "bound")
                    + " at " + workload.address() + "), paths " + order + ", " + clients + " clients");
            awaitCallable(callers, order, workload.own() ? READY_WAIT : Duration.ZERO);
            long phase = 0;
            for (int round = 0; round < rounds; round++) {
                for (RpcPath path : order) {
                    LoadRunner<RpcCaller> runner = new LoadRunner<>(i -> callers.open(path, i), clients);
                    String keys = "bench-" + run + "-" + path + "-";
                    if (warmupOps > 0) {
                        String warmupKeys = keys + phase++ + "-";
                        runner.run(warmupOps, (caller, i) -> caller.call(idempotencyKeys ? warmupKeys + i : null));
                    }
                    String measuredKeys = keys + phase++ + "-";
                    LoadRunner.Op<RpcCaller> op = (caller, i) -> caller.call(idempotencyKeys ? measuredKeys + i : null);
                    Measured phaseResult = duration != null ? runner.measureFor(duration, op) : runner.measure(opsPerPhase, op);
                    measured.merge(path, phaseResult, BenchRpc::merge);
                    if (runner.firstError() != null) {
                        firstErrors.putIfAbsent(path, runner.firstError());
                    }
                }
            }
        }
        report(target, order, measured, firstErrors);
    }

    private List<RpcPath> order() {
        if (clients < 1 || rounds < 1 || (ops != null && ops < 1) || (warmup != null && warmup < 0)) {
            throw new UsageException("--clients, --rounds and --ops must be at least 1; --warmup at least 0");
        }
        List<RpcPath> order = new ArrayList<>();
        for (RpcPath path : paths) {
            if (!order.contains(path)) {
                order.add(path);
            }
        }
        if (!order.contains(via)) {
            order.add(via);
        }
        return order;
    }

    private long opsPerPhase() {
        if (duration != null && ops != null) {
            throw new UsageException("--ops and --duration exclude each other");
        }
        if (duration != null && (duration.isZero() || duration.isNegative())) {
            throw new UsageException("--duration must be positive");
        }
        return ops != null ? ops : 5000;
    }

    /** The calls' budget, sent as Coterie-Timeout on every path: --timeout, at most what the protocol allows. */
    private Duration budget() {
        Duration timeout = global().timeout();
        Duration max = Duration.ofMillis(RpcWire.MAX_TIMEOUT_MILLIS);
        return timeout.compareTo(max) > 0 ? max : timeout.toMillis() < 1 ? Duration.ofMillis(1) : timeout;
    }

    /**
     * Fails the run early when the method cannot be called at all. A fresh binding takes the gateway's
     * name cache up to a second to see, so for its own workload the bench tries for up to {@code patience}.
     */
    private void awaitCallable(Callers callers, List<RpcPath> order, Duration patience) throws InterruptedException {
        RpcPath probe = order.contains(RpcPath.gateway) ? RpcPath.gateway : order.contains(RpcPath.client) ? RpcPath.client : RpcPath.direct;
        long giveUp = System.nanoTime() + patience.toNanos();
        try (RpcCaller caller = callers.open(probe, 0)) {
            while (true) {
                String error = caller.call(null);
                if (error == null) {
                    return;
                }
                if (System.nanoTime() - giveUp >= 0) {
                    throw new CliException("a first call along the " + probe + " path failed"
                            + (patience.isZero() ? "" : " for " + patience.toSeconds() + " s") + ": " + error);
                }
                Thread.sleep(200);
            }
        }
    }

    private void report(RpcBenchTarget target, List<RpcPath> order, Map<RpcPath, Measured> measured, Map<RpcPath, String> firstErrors) {
        Map<RpcPath, RpcPathResult> results = new EnumMap<>(RpcPath.class);
        order.forEach(path -> results.put(path, RpcPathResult.of(path, measured.get(path))));
        BenchRpcReport report = new BenchRpcReport(new BenchRpcReport.Setup(via, target.name(), target.own(), method, clients, rounds,
                idempotencyKeys), order, results);
        for (RpcPath path : order) {
            RpcPathResult result = results.get(path);
            if (path != via && result.errors() > 0) {
                err().println("coterie: " + path + ": " + result.errors() + " of " + result.ops() + " calls failed; the first: "
                        + firstErrors.get(path));
            }
        }
        report(report.document(), report::table, report.main().ops(), report.main().errors(), firstErrors.get(via));
    }

    private static Measured merge(Measured a, Measured b) {
        Histogram latencies = a.latenciesMicros().copy();
        latencies.add(b.latenciesMicros());
        return new Measured(latencies, a.errors() + b.errors(), a.elapsedNanos() + b.elapsedNanos());
    }

    /** Opens a client thread's caller for each path. */
    private final class Callers {

        private final RpcBenchTarget workload;
        private final RpcClient rpcClient;
        private final WireRequest viaGateway;
        private final WireRequest viaDirect;
        private final byte[] argument;
        private final Duration budget;

        Callers(RpcBenchTarget workload, RpcClient rpcClient, String token, Duration budget, byte[] argument) {
            this.workload = workload;
            this.rpcClient = rpcClient;
            this.argument = argument;
            this.budget = budget;
            this.viaGateway = HttpRpcCaller.request(RpcTargets.gatewayPath(workload.name(), method), token, budget.toMillis(), argument);
            this.viaDirect = HttpRpcCaller.request(RpcTargets.workloadPath(method), token, budget.toMillis(), argument);
        }

        RpcCaller open(RpcPath path, int client) {
            return switch (path) {
                case gateway -> new HttpRpcCaller(httpSession(client), viaGateway);
                case direct -> new HttpRpcCaller(new HttpSession(workload.address(), global().timeout()), viaDirect);
                case client -> new ClientRpcCaller(rpcClient, workload.name(), method, argument, budget);
            };
        }
    }
}
