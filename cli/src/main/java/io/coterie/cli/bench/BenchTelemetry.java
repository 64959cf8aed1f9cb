package io.coterie.cli.bench;

import io.coterie.cli.core.ApiClient;
import io.coterie.cli.core.CliException;
import io.coterie.cli.core.Json;
import io.coterie.cli.core.TextTable;
import io.coterie.cli.core.UsageException;
import io.coterie.telemetry.client.TelemetryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(name = "telemetry", mixinStandardHelpOptions = true,
        description = "Publishes N points through the telemetry client into Kafka and waits until the telemetry service has "
                + "stored every one in PostgreSQL: end-to-end points/s and the store delay (record to row) p50/p99. "
                + "Anchor in the same run: Kafka's ProducerPerformance against the same broker, 100-byte records.",
        footer = {"", "Kafka is reached directly: --kafka, else env COTERIE_KAFKA, else 127.0.0.1:9092 (dev mode's broker).",
                "The run's points go to sources bench/RUN/s0.. and stay in the store like any others (retention removes them)."})
public final class BenchTelemetry extends BenchVerb {

    private static final String METRIC = "bench";
    private static final Duration POLL = Duration.ofMillis(200);

    @Option(names = "--points", paramLabel = "N", defaultValue = "200000", description = "Points to publish (default ${DEFAULT-VALUE}).")
    long points;

    @Option(names = "--producers", paramLabel = "P", defaultValue = "2",
            description = "Producer threads, each its own client (default ${DEFAULT-VALUE}).")
    int producers;

    @Option(names = "--sources", paramLabel = "K", defaultValue = "8", description = "Distinct sources (default ${DEFAULT-VALUE}).")
    int sources;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String kafka;

    @Option(names = "--no-anchor", negatable = false, description = "Skip the ProducerPerformance anchor.")
    boolean noAnchor;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "10m",
            description = "How long to wait for the last point to be stored (default ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Override
    protected void run() throws Exception {
        if (points < 1 || producers < 1 || sources < 1 || sources > 1000) {
            throw new UsageException("--points and --producers must be at least 1; --sources between 1 and 1000");
        }
        String servers = kafka != null ? kafka : context().getenv("COTERIE_KAFKA");
        servers = servers == null || servers.isBlank() ? "127.0.0.1:9092" : servers;
        ApiClient api = api();
        // Fail before publishing anything when the service cannot be reached or refuses us.
        api.send("GET", "/v1/telemetry/status", Map.of(), null, null);

        ProducerPerformanceAnchor.Result anchor = null;
        if (!noAnchor) {
            err().println("coterie: anchor: ProducerPerformance, " + points + " records of 100 B");
            anchor = ProducerPerformanceAnchor.run(servers, points, 100, 4);
        }

        String run = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        List<String> sourceNames = new ArrayList<>();
        for (int i = 0; i < sources; i++) {
            sourceNames.add("bench/" + run + "/s" + i);
        }
        err().println("coterie: publishing " + points + " points to sources bench/" + run + "/s0..s" + (sources - 1));
        long start = System.nanoTime();
        publish(servers, sourceNames);
        long producerDone = System.nanoTime();
        long stored = awaitStored(api, sourceNames, points, start);
        long end = System.nanoTime();
        JsonNode delay = Json.tree(api.send("GET", "/v1/telemetry/delay", Map.of("prefix", "bench/" + run + "/", "since", "PT1H"),
                null, null));

        double seconds = (end - start) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ops", stored);
        result.put("seconds", round(seconds));
        result.put("opsPerSecond", round(stored / seconds));
        result.put("p50Ms", delay.path("p50Ms").asDouble());
        result.put("p99Ms", delay.path("p99Ms").asDouble());
        result.put("maxMs", delay.path("maxMs").asDouble());
        result.put("errors", points - stored);
        result.put("producers", producers);
        result.put("sources", sources);
        result.put("publishedPointsPerSecond", round(points / ((producerDone - start) / 1e9)));
        if (anchor != null) {
            result.put("anchorRecordsPerSecond", round(anchor.recordsPerSecond()));
            result.put("anchorMegabytesPerSecond", anchor.megabytesPerSecond());
            result.put("anchorP99LatencyMs", anchor.p99LatencyMs());
            result.put("endToEndShareOfAnchor", round(stored / seconds / anchor.recordsPerSecond()));
        }
        List<Object> table = new ArrayList<>();
        result.forEach((k, v) -> {
            table.add(k);
            table.add(v);
        });
        report(result, () -> TextTable.fields(table.toArray()), points, points - stored, "points not stored within --drain-timeout");
    }

    /** Every producer thread records its share as fast as the client takes it, then waits for Kafka's acknowledgements. */
    private void publish(String servers, List<String> sourceNames) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int p = 0; p < producers; p++) {
            int producer = p;
            long share = points / producers + (p < points % producers ? 1 : 0);
            Thread thread = new Thread(() -> {
                try (TelemetryClient client = TelemetryClient.builder().bootstrapServers(servers).producerName("bench-" + producer).build()) {
                    for (long i = 0; i < share; i++) {
                        client.record(sourceNames.get((int) ((i + producer) % sourceNames.size())), METRIC, i, Map.of());
                    }
                    if (!client.flush(drainTimeout)) {
                        throw new CliException("Kafka at " + servers + " did not acknowledge every point within " + drainTimeout);
                    }
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }, "bench-producer-" + p);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new CliException("publishing failed: " + failures.get(0).getMessage(), failures.get(0));
        }
    }

    /** Polls the series counts of the run's sources until they add up to {@code expected} (or the drain timeout passes). */
    private long awaitStored(ApiClient api, List<String> sourceNames, long expected, long start) throws InterruptedException {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        long stored = 0;
        while (true) {
            stored = 0;
            for (String source : sourceNames) {
                JsonNode series = Json.tree(api.send("GET", "/v1/telemetry/series",
                        Map.of("source", source, "metric", METRIC, "since", "PT1H", "step", "PT1H"), null, null));
                for (JsonNode bucket : series.path("points")) {
                    stored += bucket.path("count").asLong();
                }
            }
            if (stored >= expected || System.nanoTime() > deadline) {
                return stored;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
