package io.coterie.cli.bench;

import io.coterie.cli.bench.RpcPathResult.RpcOverhead;
import io.coterie.cli.core.TextTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench rpc}'s report: the {@code --via} path's figures as the main fields, every measured
 * path under {@code paths}, and the two comparisons the run is for.
 */
final class BenchRpcReport {

    /** What the run was, besides its figures. */
    record Setup(RpcPath via, String name, boolean ownWorkload, String method, int clients, int rounds, boolean idempotencyKeys) {
    }

    private final Setup setup;
    private final List<RpcPath> order;
    private final Map<RpcPath, RpcPathResult> results;
    private final RpcOverhead gatewayOverDirect;
    private final RpcOverhead clientOverGateway;

    BenchRpcReport(Setup setup, List<RpcPath> order, Map<RpcPath, RpcPathResult> results) {
        this.setup = setup;
        this.order = order;
        this.results = results;
        this.gatewayOverDirect = overhead(RpcPath.gateway, RpcPath.direct);
        this.clientOverGateway = overhead(RpcPath.client, RpcPath.gateway);
    }

    RpcPathResult main() {
        return results.get(setup.via());
    }

    /** The JSON document: {@code ops}, {@code seconds}, {@code opsPerSecond}, {@code p50Ms}, {@code p99Ms}, {@code errors} first. */
    Map<String, Object> document() {
        Map<String, Object> report = fields();
        Map<String, RpcPathResult> paths = new LinkedHashMap<>();
        order.forEach(path -> paths.put(path.name(), results.get(path)));
        report.put("paths", paths);
        if (gatewayOverDirect != null) {
            report.put("gatewayOverDirect", gatewayOverDirect);
        }
        if (clientOverGateway != null) {
            report.put("clientOverGateway", clientOverGateway);
        }
        return report;
    }

    String table() {
        List<Object> fields = new ArrayList<>();
        fields().forEach((name, value) -> {
            fields.add(name);
            fields.add(value);
        });
        TextTable paths = new TextTable("PATH", "OPS", "ERRORS", "OPS/S", "MEAN_MS", "P50_MS", "P90_MS", "P99_MS", "P999_MS", "MAX_MS");
        for (RpcPath path : order) {
            RpcPathResult r = results.get(path);
            paths.row(path, r.ops(), r.errors(), r.opsPerSecond(), r.meanMs(), r.p50Ms(), r.p90Ms(), r.p99Ms(), r.p999Ms(), r.maxMs());
        }
        StringBuilder text = new StringBuilder(TextTable.fields(fields.toArray())).append('\n').append(paths.render());
        if (gatewayOverDirect != null || clientOverGateway != null) {
            text.append('\n');
        }
        if (gatewayOverDirect != null) {
            text.append(line("gateway over direct", gatewayOverDirect));
        }
        if (clientOverGateway != null) {
            text.append(line("client over gateway", clientOverGateway));
        }
        return text.toString();
    }

    private Map<String, Object> fields() {
        RpcPathResult main = main();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("ops", main.ops());
        report.put("seconds", main.seconds());
        report.put("opsPerSecond", main.opsPerSecond());
        report.put("p50Ms", main.p50Ms());
        report.put("p99Ms", main.p99Ms());
        report.put("errors", main.errors());
        report.put("meanMs", main.meanMs());
        report.put("p90Ms", main.p90Ms());
        report.put("p999Ms", main.p999Ms());
        report.put("maxMs", main.maxMs());
        report.put("via", setup.via().name());
        report.put("name", setup.name());
        report.put("workload", setup.ownWorkload() ? "in-process" : "existing");
        report.put("method", setup.method());
        report.put("clients", setup.clients());
        report.put("rounds", setup.rounds());
        report.put("idempotencyKeys", setup.idempotencyKeys());
        return report;
    }

    private RpcOverhead overhead(RpcPath path, RpcPath baseline) {
        return results.containsKey(path) && results.containsKey(baseline) ? results.get(path).over(results.get(baseline)) : null;
    }

    private static String line(String what, RpcOverhead overhead) {
        return String.format(Locale.ROOT, "%s: %.3f of the throughput, %+.3f ms p50, %+.3f ms p90, %+.3f ms p99%n", what,
                overhead.throughputRatio(), overhead.addedP50Ms(), overhead.addedP90Ms(), overhead.addedP99Ms());
    }
}
