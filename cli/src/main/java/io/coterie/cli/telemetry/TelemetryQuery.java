package io.coterie.cli.telemetry;

import io.coterie.cli.core.DataCommand;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.TextTable;
import io.coterie.cli.core.UsageException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Prints a series of one source and metric over a time range: raw points, or with --step one line per "
                + "step (count, min, avg, max).")
public final class TelemetryQuery extends DataCommand {

    @Option(names = "--source", required = true, paramLabel = "SOURCE", description = "Whose points, such as robots/r1.")
    String source;

    @Option(names = "--metric", required = true, paramLabel = "METRIC", description = "Which metric, such as speed.")
    String metric;

    @Option(names = "--since", paramLabel = "DURATION", defaultValue = "15m",
            description = "How far back from now (default ${DEFAULT-VALUE}; the service keeps 7 days by default).")
    Duration since;

    @Option(names = "--step", paramLabel = "DURATION",
            description = "Aggregate per step (1s and up; from 1m the minute rollup is used). Without it, raw points.")
    Duration step;

    @Option(names = "--limit", paramLabel = "N", description = "At most N raw points (1 to 10000; default 1000).")
    Integer limit;

    @Override
    protected void run() {
        if (since.isNegative() || since.isZero()) {
            throw new UsageException("--since must be a positive duration, such as 10m");
        }
        if (step != null && step.toMillis() < 1000) {
            throw new UsageException("--step must be at least 1s");
        }
        if (limit != null && (limit < 1 || limit > 10_000)) {
            throw new UsageException("--limit must be between 1 and 10000");
        }
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("source", source);
        query.put("metric", metric);
        query.put("since", since.toString());
        if (step != null) {
            query.put("step", step.toString());
        }
        if (limit != null) {
            query.put("limit", limit);
        }
        JsonNode series = Json.tree(api().send("GET", "/v1/telemetry/series", query, null, null));
        print(series, () -> table(series));
    }

    private String table(JsonNode series) {
        JsonNode points = series.path("points");
        if (step != null) {
            TextTable table = new TextTable("TIME", "COUNT", "MIN", "AVG", "MAX");
            points.forEach(p -> table.row(p.path("t").asString(), p.path("count").asLong(),
                    number(p.path("min")), number(p.path("avg")), number(p.path("max"))));
            return table.render();
        }
        TextTable table = new TextTable("TIME", "VALUE", "LABELS");
        points.forEach(p -> table.row(p.path("t").asString(), number(p.path("value")), TelemetryLines.labels(p.path("labels"))));
        String text = table.render();
        if (series.path("truncated").asBoolean(false)) {
            text += "(more points in the range: narrow it with --since, or use --step)\n";
        }
        return text;
    }

    private static String number(JsonNode value) {
        return TelemetryLines.number(value.asDouble());
    }
}
