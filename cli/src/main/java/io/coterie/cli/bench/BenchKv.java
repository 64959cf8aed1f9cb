package io.coterie.cli.bench;

import io.coterie.cli.bench.LoadRunner.Measured;
import io.coterie.cli.bench.LoadRunner.Op;
import io.coterie.cli.core.UsageException;
import io.coterie.consensus.client.ConsensusClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "kv", mixinStandardHelpOptions = true,
        description = "Drives key-value load at Coterie (or etcd, to compare) and reports throughput and latency.",
        footer = {"", "Errors (non-2xx answers, I/O failures) are counted, not fatal; the run exits 1 only when every operation fails.",
                "With --target etcd, --address may list several comma-separated URLs; client i uses URL i mod n."})
public final class BenchKv extends BenchVerb {

    @Option(names = "--clients", paramLabel = "C", defaultValue = "8",
            description = "Concurrent clients, each a thread with one request in flight (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--ops", paramLabel = "N", defaultValue = "10000",
            description = "Measured operations in total (default ${DEFAULT-VALUE}).")
    long ops;

    @Option(names = "--value-size", paramLabel = "B", defaultValue = "100", description = "Bytes per value (default ${DEFAULT-VALUE}).")
    int valueSize;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "write",
            description = "${COMPLETION-CANDIDATES}: writes, quorum reads or stale reads (default ${DEFAULT-VALUE}).")
    BenchMode mode;

    @Option(names = "--keys", paramLabel = "K", description = "Distinct keys the operations spread over (default: one per operation).")
    Long keys;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Unmeasured operations first (default: a tenth of --ops, at most 1000).")
    Long warmup;

    @Option(names = "--target", paramLabel = "SYSTEM", defaultValue = "coterie",
            description = "${COMPLETION-CANDIDATES}: the system under test (default ${DEFAULT-VALUE}).")
    BenchTarget target;

    @Option(names = "--key-prefix", paramLabel = "PREFIX", defaultValue = "bench/",
            description = "Prefix of the keys written and read (default ${DEFAULT-VALUE}).")
    String keyPrefix;

    @Option(names = "--via", paramLabel = "PATH", defaultValue = "http",
            description = "${COMPLETION-CANDIDATES}: through the HTTP API at --address, or through the store's own "
                    + "Raft client protocol to --members, as Coterie's services reach it (default ${DEFAULT-VALUE}).")
    BenchPath via;

    @Option(names = "--members", paramLabel = "ID=HOST:PORT,...", defaultValue = "n1=127.0.0.1:7201,n2=127.0.0.1:7202,n3=127.0.0.1:7203",
            description = "The consensus peers' Raft addresses, for --via raft (default: the dev platform's).")
    String members;

    /** How the load reaches the store. */
    public enum BenchPath {
        http,
        raft
    }

    /** The system under test; lower case because these are the spellings typed after {@code --target}. */
    public enum BenchTarget {
        coterie,
        etcd
    }

    @Override
    protected void run() throws InterruptedException {
        LoadShape shape = shape();
        if (via == BenchPath.raft) {
            if (target == BenchTarget.etcd) {
                throw new UsageException("--via raft drives Coterie's own protocol; etcd is measured over HTTP");
            }
            try (ConsensusClient client = raftClient()) {
                run(new LoadRunner<KvSession>(i -> new RaftSession(client), shape.clients()), "coterie-raft", shape);
            }
            return;
        }
        KvTarget kvTarget = target == BenchTarget.etcd ? new EtcdKvTarget() : new CoterieKvTarget(global().token());
        run(new LoadRunner<KvSession>(i -> new HttpKvSession(httpSession(i), kvTarget), shape.clients()), kvTarget.name(), shape);
    }

    private ConsensusClient raftClient() {
        try {
            return ConsensusClient.builder().members(members).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--members: " + e.getMessage());
        }
    }

    private void run(LoadRunner<KvSession> runner, String targetName, LoadShape shape) throws InterruptedException {
        byte[] value = shape.value();
        if (mode != BenchMode.write) {
            prepare(runner, shape.keys(), (session, i) -> session.put(shape.keyPrefix() + i, value), shape.keys() + " keys to read");
        }
        Op<KvSession> op = switch (shape.mode()) {
            case write -> (session, i) -> session.put(shape.key(i), value);
            case read -> (session, i) -> session.get(shape.key(i), false);
            case stale -> (session, i) -> session.get(shape.key(i), true);
        };
        Measured measured = warmUpAndMeasure(runner, shape.warmup(), shape.ops(), op);
        BenchResult result = BenchResult.of(targetName, shape, measured.latenciesMicros(), measured.errors(), measured.elapsedNanos());
        report(result, result::table, result.ops(), result.errors(), runner.firstError());
    }

    LoadShape shape() {
        if (clients < 1 || ops < 1 || valueSize < 0 || (keys != null && keys < 1) || (warmup != null && warmup < 0)) {
            throw new UsageException("--clients, --ops and --keys must be at least 1; --value-size and --warmup at least 0");
        }
        long keyCount = keys == null ? ops : keys;
        long warmupOps = defaultWarmup(warmup, ops);
        return new LoadShape(clients, ops, valueSize, keyCount, warmupOps, mode, keyPrefix);
    }
}
